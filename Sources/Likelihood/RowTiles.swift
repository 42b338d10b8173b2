/// The dot products of every pair of up to eight rows of a block, u_a . u_b for a <= b, in 4 x 4 tiles: one
/// pass over the events loads eight rows and makes sixteen products, where `dotProducts` loads two rows for each
/// product. The Hessian's outer-product term of a model with six to eight local coordinates (the 2-D mass x time
/// example has seven) needs 21 to 36 products per block. Sixteen accumulators and eight loaded rows fit
/// AVX-512's 32 vector registers. With the product pdf's placement of its factors' role matrices in memory, this
/// took the 2-D example's Hessian pass from 8.8 to 5.6 ns per event (`toystudy-bench nll`).
struct RowTiles {
    static let maximumRows = 8

    /// results[a * 8 + b] = u_a . u_b for a <= b < `count` over `events` entries (a multiple of eight), for
    /// `count` rows `stride` apart from `first`; a row past the count repeats the last, whose products nobody reads.
    static func upperTriangle(_ first: UnsafePointer<Double>, count: Int, stride: Int, events: Int,
                              into results: UnsafeMutablePointer<Double>) {
        precondition(count > 0 && count <= maximumRows, "RowTiles: 1 to \(maximumRows) rows (got \(count))")
        func row(_ a: Int) -> UnsafePointer<Double> { first + min(a, count - 1) * stride }
        var tile = [Double](repeating: 0, count: 16)
        for top in Swift.stride(from: 0, to: count, by: 4) {
            for left in Swift.stride(from: top, to: count, by: 4) {
                var sums = Sums()
                let a = (row(top), row(top + 1), row(top + 2), row(top + 3))
                let b = (row(left), row(left + 1), row(left + 2), row(left + 3))
                for i in Swift.stride(from: 0, to: events, by: 8) { sums.add(a, b, at: i) }
                sums.total(into: &tile)
                for p in 0..<4 where top + p < count {
                    for q in 0..<4 where left + q < count && top + p <= left + q {
                        results[(top + p) * maximumRows + left + q] = tile[4 * p + q]
                    }
                }
            }
        }
    }

    typealias Quad = (UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>)

    /// s_pq accumulates a_p . b_q, eight events at a time.
    private struct Sums {
        var s00 = SIMD8<Double>(), s01 = SIMD8<Double>(), s02 = SIMD8<Double>(), s03 = SIMD8<Double>()
        var s10 = SIMD8<Double>(), s11 = SIMD8<Double>(), s12 = SIMD8<Double>(), s13 = SIMD8<Double>()
        var s20 = SIMD8<Double>(), s21 = SIMD8<Double>(), s22 = SIMD8<Double>(), s23 = SIMD8<Double>()
        var s30 = SIMD8<Double>(), s31 = SIMD8<Double>(), s32 = SIMD8<Double>(), s33 = SIMD8<Double>()

        @inline(__always)
        mutating func add(_ a: Quad, _ b: Quad, at i: Int) {
            let a0 = a.0.lanes(i), a1 = a.1.lanes(i), a2 = a.2.lanes(i), a3 = a.3.lanes(i)
            let b0 = b.0.lanes(i), b1 = b.1.lanes(i), b2 = b.2.lanes(i), b3 = b.3.lanes(i)
            s00 = s00.addingProduct(a0, b0); s01 = s01.addingProduct(a0, b1); s02 = s02.addingProduct(a0, b2); s03 = s03.addingProduct(a0, b3)
            s10 = s10.addingProduct(a1, b0); s11 = s11.addingProduct(a1, b1); s12 = s12.addingProduct(a1, b2); s13 = s13.addingProduct(a1, b3)
            s20 = s20.addingProduct(a2, b0); s21 = s21.addingProduct(a2, b1); s22 = s22.addingProduct(a2, b2); s23 = s23.addingProduct(a2, b3)
            s30 = s30.addingProduct(a3, b0); s31 = s31.addingProduct(a3, b1); s32 = s32.addingProduct(a3, b2); s33 = s33.addingProduct(a3, b3)
        }

        /// r[4p + q] = the sum of s_pq's lanes.
        func total(into r: inout [Double]) {
            r[0] = s00.sum(); r[1] = s01.sum(); r[2] = s02.sum(); r[3] = s03.sum()
            r[4] = s10.sum(); r[5] = s11.sum(); r[6] = s12.sum(); r[7] = s13.sum()
            r[8] = s20.sum(); r[9] = s21.sum(); r[10] = s22.sum(); r[11] = s23.sum()
            r[12] = s30.sum(); r[13] = s31.sum(); r[14] = s32.sum(); r[15] = s33.sum()
        }
    }
}

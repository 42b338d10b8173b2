/// Eight-lane loads and stores for the block kernels. Blocks are padded to a multiple of eight events, so a
/// kernel walks a block in steps of eight with no tail loop and no bounds checks.
extension UnsafePointer where Pointee == Double {
    @inline(__always)
    func lanes(_ i: Int) -> SIMD8<Double> {
        UnsafeRawPointer(self + i).loadUnaligned(as: SIMD8<Double>.self)
    }
}

extension UnsafeMutablePointer where Pointee == Double {
    @inline(__always)
    func storeLanes(_ v: SIMD8<Double>, at i: Int) {
        UnsafeMutableRawPointer(self + i).storeBytes(of: v, as: SIMD8<Double>.self)
    }

    @inline(__always)
    func lanes(_ i: Int) -> SIMD8<Double> { UnsafePointer(self).lanes(i) }
}

/// Rounds an event count up to whole eight-lane groups.
@inline(__always)
func paddedCount(_ n: Int) -> Int { (n + 7) & ~7 }

/// Sum of p[0..<count] (count a multiple of eight) with four independent accumulators, so the adds are not one
/// latency-bound chain. The order is fixed by `count` alone, so the result is reproducible.
func blockSum(_ p: UnsafePointer<Double>, count: Int) -> Double {
    var a = SIMD8<Double>(), b = a, c = a, d = a
    var i = 0
    while i + 32 <= count {
        a += p.lanes(i)
        b += p.lanes(i + 8)
        c += p.lanes(i + 16)
        d += p.lanes(i + 24)
        i += 32
    }
    while i < count {
        a += p.lanes(i)
        i += 8
    }
    return ((a + b) + (c + d)).sum()
}

/// out[i] = a[i] * b[i] over `count` (a multiple of eight) and the sum of the products, with two accumulators.
func multiplyAndSum(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>,
                    count: Int) -> Double {
    var first = SIMD8<Double>(), second = first
    var i = 0
    while i + 16 <= count {
        let u = a.lanes(i) * b.lanes(i), v = a.lanes(i + 8) * b.lanes(i + 8)
        out.storeLanes(u, at: i)
        out.storeLanes(v, at: i + 8)
        first += u
        second += v
        i += 16
    }
    if i < count {
        let u = a.lanes(i) * b.lanes(i)
        out.storeLanes(u, at: i)
        first += u
    }
    return (first + second).sum()
}

/// sum_i a[i] * b[i] over `count` (a multiple of eight), with two accumulators; the order is fixed by `count`.
func dotProduct(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Double {
    var first = SIMD8<Double>(), second = first
    var i = 0
    while i + 16 <= count {
        first = first.addingProduct(a.lanes(i), b.lanes(i))
        second = second.addingProduct(a.lanes(i + 8), b.lanes(i + 8))
        i += 16
    }
    if i < count { first = first.addingProduct(a.lanes(i), b.lanes(i)) }
    return (first + second).sum()
}

/// Two rows of a block whose dot product a stage needs.
typealias RowPair = (a: UnsafePointer<Double>, b: UnsafePointer<Double>)

/// results[p] = dotProduct(pairs[p].a, pairs[p].b, count:) for every pair, bitwise the same sums: four pairs run
/// interleaved, so their eight independent accumulators hide the FMA's latency that one product at a time waits
/// on (the Hessian stage's nineteen products per block on the seed model took a fifth of its time).
func dotProducts(_ pairs: [RowPair], count: Int, into results: UnsafeMutablePointer<Double>) {
    var p = 0
    while p + 4 <= pairs.count {
        let (a0, b0) = pairs[p], (a1, b1) = pairs[p + 1], (a2, b2) = pairs[p + 2], (a3, b3) = pairs[p + 3]
        var f0 = SIMD8<Double>(), s0 = f0, f1 = f0, s1 = f0, f2 = f0, s2 = f0, f3 = f0, s3 = f0
        var i = 0
        while i + 16 <= count {
            f0 = f0.addingProduct(a0.lanes(i), b0.lanes(i))
            s0 = s0.addingProduct(a0.lanes(i + 8), b0.lanes(i + 8))
            f1 = f1.addingProduct(a1.lanes(i), b1.lanes(i))
            s1 = s1.addingProduct(a1.lanes(i + 8), b1.lanes(i + 8))
            f2 = f2.addingProduct(a2.lanes(i), b2.lanes(i))
            s2 = s2.addingProduct(a2.lanes(i + 8), b2.lanes(i + 8))
            f3 = f3.addingProduct(a3.lanes(i), b3.lanes(i))
            s3 = s3.addingProduct(a3.lanes(i + 8), b3.lanes(i + 8))
            i += 16
        }
        if i < count {
            f0 = f0.addingProduct(a0.lanes(i), b0.lanes(i))
            f1 = f1.addingProduct(a1.lanes(i), b1.lanes(i))
            f2 = f2.addingProduct(a2.lanes(i), b2.lanes(i))
            f3 = f3.addingProduct(a3.lanes(i), b3.lanes(i))
        }
        results[p] = (f0 + s0).sum()
        results[p + 1] = (f1 + s1).sum()
        results[p + 2] = (f2 + s2).sum()
        results[p + 3] = (f3 + s3).sum()
        p += 4
    }
    for q in p..<pairs.count { results[q] = dotProduct(pairs[q].a, pairs[q].b, count: count) }
}

/// Sums of products of up to five rows with each other (u_a . u_b for a <= b), each bitwise `dotProduct`'s sum:
/// one sweep adds the vectors `dotProduct`'s first accumulator takes (every other one from the start), another those
/// of its second. Each row's vector is loaded once for all its products: the Hessian stage's rows outgrow L1, and
/// loading both rows per product, its outer products waited on L2.
struct RowProducts {
    /// Rows 0...4 (a row past the count repeats the last, whose products nobody reads).
    private let rows: (UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>,
                       UnsafePointer<Double>)
    static let maximumRows = 5

    /// `count` rows `stride` apart from `first`.
    init(_ first: UnsafePointer<Double>, count: Int, stride: Int) {
        func row(_ a: Int) -> UnsafePointer<Double> { first + min(a, count - 1) * stride }
        rows = (row(0), row(1), row(2), row(3), row(4))
    }

    /// results[a * 5 + b] = u_a . u_b for a <= b < 5 over `count` entries (a multiple of eight).
    func upperTriangle(count: Int, into results: UnsafeMutablePointer<Double>) {
        var first = Sums(), second = Sums()
        for i in stride(from: 0, to: count, by: 16) { first.add(rows, at: i) }
        for i in stride(from: 8, to: count, by: 16) { second.add(rows, at: i) }
        first.total(with: second, into: results)
    }

    private struct Sums {
        var s00 = SIMD8<Double>(), s01 = SIMD8<Double>(), s02 = SIMD8<Double>(), s03 = SIMD8<Double>()
        var s04 = SIMD8<Double>(), s11 = SIMD8<Double>(), s12 = SIMD8<Double>(), s13 = SIMD8<Double>()
        var s14 = SIMD8<Double>(), s22 = SIMD8<Double>(), s23 = SIMD8<Double>(), s24 = SIMD8<Double>()
        var s33 = SIMD8<Double>(), s34 = SIMD8<Double>(), s44 = SIMD8<Double>()

        @inline(__always)
        mutating func add(_ rows: (UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>,
                                   UnsafePointer<Double>, UnsafePointer<Double>), at i: Int) {
            let u0 = rows.0.lanes(i), u1 = rows.1.lanes(i), u2 = rows.2.lanes(i), u3 = rows.3.lanes(i)
            let u4 = rows.4.lanes(i)
            s00 = s00.addingProduct(u0, u0); s01 = s01.addingProduct(u0, u1); s02 = s02.addingProduct(u0, u2)
            s03 = s03.addingProduct(u0, u3); s04 = s04.addingProduct(u0, u4); s11 = s11.addingProduct(u1, u1)
            s12 = s12.addingProduct(u1, u2); s13 = s13.addingProduct(u1, u3); s14 = s14.addingProduct(u1, u4)
            s22 = s22.addingProduct(u2, u2); s23 = s23.addingProduct(u2, u3); s24 = s24.addingProduct(u2, u4)
            s33 = s33.addingProduct(u3, u3); s34 = s34.addingProduct(u3, u4); s44 = s44.addingProduct(u4, u4)
        }

        func total(with o: Sums, into r: UnsafeMutablePointer<Double>) {
            r[0] = (s00 + o.s00).sum(); r[1] = (s01 + o.s01).sum(); r[2] = (s02 + o.s02).sum()
            r[3] = (s03 + o.s03).sum(); r[4] = (s04 + o.s04).sum(); r[6] = (s11 + o.s11).sum()
            r[7] = (s12 + o.s12).sum(); r[8] = (s13 + o.s13).sum(); r[9] = (s14 + o.s14).sum()
            r[12] = (s22 + o.s22).sum(); r[13] = (s23 + o.s23).sum(); r[14] = (s24 + o.s24).sum()
            r[18] = (s33 + o.s33).sum(); r[19] = (s34 + o.s34).sum(); r[24] = (s44 + o.s44).sum()
        }
    }
}

extension UnsafeMutablePointer where Pointee == Double {
    /// Stores a role matrix's 64 entries.
    @inline(__always)
    func storeLanes64(_ v: SIMD64<Double>) { UnsafeMutableRawPointer(self).storeBytes(of: v, as: SIMD64<Double>.self) }
}

extension UnsafePointer where Pointee == Double {
    /// Loads 64 entries as a role matrix.
    @inline(__always)
    func lanes64() -> SIMD64<Double> { UnsafeRawPointer(self).loadUnaligned(as: SIMD64<Double>.self) }
}

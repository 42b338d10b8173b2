/// Second derivatives w.r.t. a pdf's shape roles: an 8 x 8 symmetric matrix, row-major in a SIMD64 (entry
/// [8j + l] for roles j, l), a fixed-size value like the gradients' SIMD8 so a Hessian pass never allocates per pdf.
typealias RoleMatrix = SIMD64<Double>

extension SIMD64 where Scalar == Double {
    /// u v^T (a row of zeros where u_j is 0, whatever v holds). Built from eight SIMD8 rows: setting a SIMD64's
    /// lanes one at a time blends all 64 of them per store, which made every binned Hessian pass's outer
    /// products dominate it.
    static func outer(_ u: SIMD8<Double>, _ v: SIMD8<Double>) -> SIMD64<Double> {
        @inline(__always) func row(_ j: Int) -> SIMD8<Double> { u[j] == 0 ? SIMD8() : u[j] * v }
        @inline(__always) func pair(_ j: Int) -> SIMD16<Double> { SIMD16(lowHalf: row(j), highHalf: row(j + 1)) }
        return SIMD64(lowHalf: SIMD32(lowHalf: pair(0), highHalf: pair(2)), highHalf: SIMD32(lowHalf: pair(4), highHalf: pair(6)))
    }

    subscript(role j: Int, _ l: Int) -> Double {
        get { self[8 * j + l] }
        set { self[8 * j + l] = newValue }
    }

    /// Sets entry (j, l) and its mirror (l, j).
    mutating func setSymmetric(_ j: Int, _ l: Int, _ value: Double) {
        self[8 * j + l] = value
        self[8 * l + j] = value
    }
}

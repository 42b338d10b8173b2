/// Second derivatives w.r.t. a pdf's shape roles: an 8 x 8 symmetric matrix, row-major in a SIMD64 (entry
/// [8j + l] for roles j, l), a fixed-size value like the gradients' SIMD8 so a Hessian pass never allocates per pdf.
typealias RoleMatrix = SIMD64<Double>

extension SIMD64 where Scalar == Double {
    /// u v^T.
    static func outer(_ u: SIMD8<Double>, _ v: SIMD8<Double>) -> SIMD64<Double> {
        var m = SIMD64<Double>()
        for j in 0..<8 where u[j] != 0 {
            for l in 0..<8 { m[8 * j + l] = u[j] * v[l] }
        }
        return m
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

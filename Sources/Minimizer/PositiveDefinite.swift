/// Minuit2's MnPosDef: make a (covariance or Hessian) matrix positive definite by shifting and scaling
/// its diagonal, so MIGRAD always steps downhill and HESSE always yields a usable covariance.
enum PositiveDefinite {
    /// Returns true when the matrix had to be changed in a way Minuit flags as "made pos def".
    @discardableResult
    static func force(_ m: inout [Double], _ n: Int) -> Bool {
        let eps = Precision.eps
        if n == 0 { return false }
        if n == 1 {
            if m[0] < eps { m[0] = 1; return true }
            return false
        }
        let epspdf = max(1e-12, Precision.eps2)
        var dgmin = m[0]
        for i in 0..<n { dgmin = min(dgmin, m[i * n + i]) }
        let dg = dgmin <= 0 ? 0.5 + epspdf - dgmin : 0
        var scale = [Double](repeating: 0, count: n)
        for i in 0..<n {
            m[i * n + i] += dg
            if m[i * n + i] < 0 { m[i * n + i] = 1 }
            scale[i] = 1 / m[i * n + i].squareRoot()
        }
        var p = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { p[i * n + j] = m[i * n + j] * scale[i] * scale[j] } }
        let ev = SymmetricMatrix.eigenvalues(p, n)
        let pmin = ev[0], pmax = max(abs(ev[n - 1]), 1)
        if pmin > epspdf * pmax { return false }
        let padd = 0.001 * pmax - pmin
        for i in 0..<n { m[i * n + i] *= 1 + padd }
        return true
    }
}

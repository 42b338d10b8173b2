/// Minuit2's DavidonErrorUpdator: the rank-two update of the inverse Hessian V from a step dx and the
/// gradient change dg (DFP, switching to BFGS when dx.dg > dg.V.dg), and the dcovar estimate of how much
/// V is still changing, which decides whether MIGRAD must verify V with HESSE.
struct DavidonUpdate {
    private var vdg: [Double]

    init(dimension n: Int) { vdg = [Double](repeating: 0, count: n) }

    /// Updates `v` in place and returns the new dcovar.
    mutating func apply(_ v: inout [Double], dx: [Double], dg: [Double], dcovar: Double) -> Double {
        let n = dx.count
        var delgam = 0.0
        for i in 0..<n { delgam += dx[i] * dg[i] }
        SymmetricMatrix.multiply(v, dg, into: &vdg)
        var gvg = 0.0
        for i in 0..<n { gvg += dg[i] * vdg[i] }
        if delgam == 0 || gvg <= 0 { return dcovar }
        let bfgs = delgam > gvg
        // Minuit2 scales by reciprocals and multiplies in this order; matching it keeps the iterations
        // bitwise equal to Minuit2's where the function is flat enough for rounding to steer them.
        let rdel = 1 / delgam, rgvg = -(1 / gvg)
        var sumUpdate = 0.0, sumNew = 0.0
        for c in 0..<n {
            for r in 0...c {
                var d = dx[r] * (rdel * dx[c])
                d += vdg[r] * (rgvg * vdg[c])
                if bfgs {
                    let ur = dx[r] * rdel + rgvg * vdg[r], uc = dx[c] * rdel + rgvg * vdg[c]
                    d += ur * (gvg * uc)
                }
                let updated = v[r * n + c] + d
                v[r * n + c] = updated
                v[c * n + r] = updated
                sumUpdate += abs(d)
                sumNew += abs(updated)
            }
        }
        return 0.5 * (dcovar + sumUpdate / sumNew)
    }
}

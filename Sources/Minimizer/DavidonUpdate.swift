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
        var sumUpdate = 0.0, sumNew = 0.0
        for i in 0..<n {
            for j in 0...i {
                var d = dx[i] * dx[j] / delgam - vdg[i] * vdg[j] / gvg
                if bfgs {
                    let ui = dx[i] / delgam - vdg[i] / gvg, uj = dx[j] / delgam - vdg[j] / gvg
                    d += gvg * (ui * uj)
                }
                let updated = v[i * n + j] + d
                v[i * n + j] = updated
                v[j * n + i] = updated
                sumUpdate += abs(d)
                sumNew += abs(updated)
            }
        }
        return 0.5 * (dcovar + sumUpdate / sumNew)
    }
}

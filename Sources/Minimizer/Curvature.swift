/// What HESSE's matrix of second derivatives says about a point, judged without touching the matrix.
///
/// Minuit forces a Hessian positive definite (MnPosDef adds to its diagonal or scales it) so that MIGRAD can
/// always step downhill; for stepping that is right, but the inverse of a forced matrix is not a covariance:
/// a non-positive diagonal element shifts EVERY diagonal element by 0.5 + |h_min| and turns an error of 51
/// into 0.99. The verdict here is made on the raw matrix: positive definite (its inverse is the covariance),
/// singular (some parameters, or combinations of them, are not constrained by the objective: their errors
/// are undefined, the others' come from the pseudo-inverse) or not positive definite (the point is not a
/// minimum: no errors at all).
struct Curvature {
    enum Verdict: Equatable { case positiveDefinite, singular, notPositiveDefinite, notFinite }

    let verdict: Verdict
    /// The covariance of f in internal coordinates (inverse, or pseudo-inverse when singular; rows and columns
    /// of unconstrained parameters are zero); empty unless the verdict is positive definite or singular.
    let v: [Double]
    /// Internal parameters whose error is undefined: flat (no curvature at all) or part of a direction of
    /// zero curvature.
    let unconstrained: [Bool]

    /// A parameter is flat when moving it by its own magnitude (or its step) changes f by less than this
    /// fraction of `up`: no measurement constrains it.
    static let flatRise = 1e-9
    /// Eigenvalues of the correlation-scaled Hessian (unit diagonal) within this fraction of the largest
    /// are zero curvature: a correlation within 5e-7 of 1 is a degeneracy, not a measurement. More negative
    /// than that, the point is not a minimum.
    static let zeroEigenvalue = 1e-6
    /// A parameter takes part in a zero-curvature direction when that direction's eigenvector has more than
    /// this squared component along it (1% of its amplitude).
    static let nullWeight = 1e-4

    /// `scale[i]`: the size over which parameter i is judged flat (|q| plus its step), `up`: the error definition.
    init(hessian h: [Double], scale: [Double], up: Double) {
        let n = scale.count
        guard h.count == n * n, h.allSatisfy(\.isFinite) else {
            self.init(verdict: .notFinite, v: [], unconstrained: [Bool](repeating: false, count: n))
            return
        }
        var unconstrained = (0..<n).map { i in abs(h[i * n + i]) * scale[i] * scale[i] <= Self.flatRise * up }
        let kept = (0..<n).filter { !unconstrained[$0] }
        if kept.contains(where: { h[$0 * n + $0] < 0 }) {
            self.init(verdict: .notPositiveDefinite, v: [], unconstrained: unconstrained)
            return
        }
        // Correlation form: unit diagonal, so one threshold serves parameters of any scale.
        let m = kept.count
        let d = kept.map { 1 / h[$0 * n + $0].squareRoot() }
        var p = [Double](repeating: 0, count: m * m)
        for a in 0..<m { for b in 0..<m { p[a * m + b] = h[kept[a] * n + kept[b]] * d[a] * d[b] } }
        let (values, vectors) = SymmetricMatrix.eigenDecomposition(p, m)
        let largest = values.max() ?? 1
        if values.contains(where: { $0 < -Self.zeroEigenvalue * largest }) {
            self.init(verdict: .notPositiveDefinite, v: [], unconstrained: unconstrained)
            return
        }
        let zero = values.map { $0 <= Self.zeroEigenvalue * largest }
        for a in 0..<m {
            let weight = (0..<m).reduce(0.0) { $0 + (zero[$1] ? vectors[$1 * m + a] * vectors[$1 * m + a] : 0) }
            if weight > Self.nullWeight { unconstrained[kept[a]] = true }
        }
        if !unconstrained.contains(true) {
            // Positive definite: the plain inverse, bitwise what Minuit reports when it did not have to force.
            guard let v = SymmetricMatrix.inverse(h, n) else {
                self.init(verdict: .notFinite, v: [], unconstrained: unconstrained)
                return
            }
            self.init(verdict: .positiveDefinite, v: v, unconstrained: unconstrained)
            return
        }
        // Pseudo-inverse over the directions with curvature, scaled back.
        var v = [Double](repeating: 0, count: n * n)
        for a in 0..<m where !unconstrained[kept[a]] {
            for b in 0..<m where !unconstrained[kept[b]] {
                var s = 0.0
                for k in 0..<m where !zero[k] { s += vectors[k * m + a] * vectors[k * m + b] / values[k] }
                v[kept[a] * n + kept[b]] = s * d[a] * d[b]
            }
        }
        self.init(verdict: .singular, v: v, unconstrained: unconstrained)
    }

    private init(verdict: Verdict, v: [Double], unconstrained: [Bool]) {
        self.verdict = verdict
        self.v = v
        self.unconstrained = unconstrained
    }

    /// True when `v` holds honest errors (for the parameters not marked unconstrained).
    var hasCovariance: Bool { verdict == .positiveDefinite || verdict == .singular }
}

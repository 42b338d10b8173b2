import Foundation

/// Extended binned Poisson NLL over a histogram of the data (equal bins on the range), bin expectations
/// mu_b = sum_k nu_k P_k(bin b) from the pdfs' analytic integrals:
/// sum_b (mu_b - n_b log mu_b) + sum_b (n_b log n_b - n_b) (+ constraints). The second sum is the saturated
/// model's constant, added so the value is ~chi2/2 (about bins/2 at a good fit); it does not change the
/// minimum, the gradient or the errors (errordef 0.5).
///
/// Bins whose expectation is not positive while holding events get the unbinned NLL's treatment: -log(tiny)
/// per event plus a penalty growing with -mu_b, finite, sloping back. The cost is O(bins x components)
/// integral evaluations per call, independent of the event count, so the evaluation runs on the calling
/// thread; `pool` is accepted for symmetry with `UnbinnedNLL` and not used.
public final class BinnedNLL: NegativeLogLikelihood, @unchecked Sendable {
    public let parameterCount: Int
    let counts: [Double]
    let edges: [Double]
    private let saturated: Double
    private let penaltySlope: Double
    private let point: ParameterPoint
    /// The point's pdfs, 1-D (a binned fit takes one observable).
    private let pdfs: [any NormalisedPDF]
    private var probabilities: [(value: Double, gradient: SIMD8<Double>)]
    /// The Hessian pass's sum over bins in the local coordinates of `layout`, and one bin's grad mu there.
    private let layout: ComponentLayout
    private var localHessian: [Double]
    private var localGradient: [Double]

    public convenience init(model: Model, data: [Double], bins: Int, pool: WorkerPool? = nil) {
        precondition(bins > 0, "BinnedNLL: bins must be positive, got \(bins)")
        let range = model.range
        var histogram = [Double](repeating: 0, count: bins)
        for x in data where range.contains(x) {
            histogram[min(bins - 1, Int((x - range.lower) / range.width * Double(bins)))] += 1
        }
        self.init(model: model, counts: histogram)
    }

    /// A histogram given by its counts on equal bins of the range, which need not be whole numbers: an Asimov
    /// dataset's expected counts (`Model.asimovCounts`).
    public init(model: Model, counts histogram: [Double]) {
        precondition(!histogram.isEmpty, "BinnedNLL: needs at least one bin")
        let range = model.range, bins = histogram.count
        parameterCount = model.parameterCount
        edges = (0...bins).map { range.lower + range.width * Double($0) / Double(bins) }
        counts = histogram
        saturated = Self.saturated(histogram)
        penaltySlope = Double(bins) / max(histogram.reduce(0, +), 1)
        point = ParameterPoint(model: model)
        pdfs = point.pdfs.map { pdf in
            guard let pdf = pdf as? any NormalisedPDF else { preconditionFailure("BinnedNLL: the model has more than one observable") }
            return pdf
        }
        probabilities = Array(repeating: (0, SIMD8()), count: model.components.count)
        layout = ComponentLayout(model: model)
        localHessian = Array(repeating: 0, count: layout.dimension * layout.dimension)
        localGradient = Array(repeating: 0, count: layout.dimension)
    }

    public func value(_ parameters: [Double]) -> Double {
        point.evaluate(parameters, gradientInto: nil) { _, _ in dataTerm(gradient: nil) }
    }

    public func valueAndGradient(_ parameters: [Double], gradient: inout [Double]) -> Double {
        point.evaluate(parameters, gradient: &gradient) { _, g in dataTerm(gradient: g) }
    }

    public func isInDomain(_ parameters: [Double]) -> Bool { point.isInDomain(parameters) }

    /// Per bin, d2 (mu - n log mu) = (1 - n/mu) d2 mu + (n/mu^2) grad mu grad mu^T with
    /// d2 mu/d nu_k d theta_kj = dP_k/d theta_kj and d2 mu/d theta_kj d theta_kl = nu_k d2 P_k (closed-form bin
    /// integrals, `NormalisedPDF.probabilityHessian`); a guarded bin's penalty is linear in mu.
    public func valueGradientAndHessian(_ parameters: [Double], gradient: inout [Double], hessian: inout [Double]) -> Double {
        point.evaluate(parameters, gradient: &gradient, hessian: &hessian) { _, g, h in dataTerm(gradient: g, hessian: h) }
    }

    /// Runs under the parameter point's lock, which also guards `probabilities` and the local Hessian buffers.
    private func dataTerm(gradient: UnsafeMutablePointer<Double>?, hessian: UnsafeMutablePointer<Double>? = nil) -> Double {
        let components = point.model.components, yields = point.yields
        let normalisationCurvatures = hessian == nil ? [] : pdfs.map { $0.logNormalisationHessian() }
        if hessian != nil { localHessian.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
        var total = saturated
        for (b, n) in counts.enumerated() {
            var mu = 0.0
            for k in pdfs.indices {
                probabilities[k] = pdfs[k].probability(from: edges[b], to: edges[b + 1])
                mu += yields[k] * probabilities[k].value
            }
            let (term, slope) = Self.binTerm(expected: mu, observed: n, penaltySlope: penaltySlope)
            total += term
            guard let gradient else { continue }
            for (k, component) in components.enumerated() {
                gradient[component.yieldIndex] += slope * probabilities[k].value
                for (role, index) in component.shapeIndices.enumerated() {
                    gradient[index] += slope * yields[k] * probabilities[k].gradient[role]
                }
            }
            if hessian != nil {
                addCurvature(from: edges[b], to: edges[b + 1], slope: slope, curvature: Self.binCurvature(expected: mu, observed: n),
                             normalisationCurvatures: normalisationCurvatures)
            }
        }
        if let hessian { layout.scatter(localHessian, into: hessian, parameterCount: parameterCount) }
        return total
    }

    /// One bin's slope d2 mu + curvature grad mu grad mu^T, added into `localHessian`.
    private func addCurvature(from a: Double, to b: Double, slope: Double, curvature: Double,
                              normalisationCurvatures: [RoleMatrix]) {
        let d = layout.dimension
        for (k, pdf) in pdfs.enumerated() {
            let base = layout.offsets[k], nu = point.yields[k]
            let (p, dp, d2p) = pdf.probabilityHessian(from: a, to: b, logNormalisationHessian: normalisationCurvatures[k])
            localGradient[base] = p
            for j in 0..<layout.roleCounts[k] {
                localGradient[base + 1 + j] = nu * dp[j]
                localHessian[base * d + base + 1 + j] += slope * dp[j]
                localHessian[(base + 1 + j) * d + base] += slope * dp[j]
                for l in 0..<layout.roleCounts[k] { localHessian[(base + 1 + j) * d + base + 1 + l] += slope * nu * d2p[role: j, l] }
            }
        }
        guard curvature != 0 else { return }
        for a in 0..<d {
            for c in 0..<d { localHessian[a * d + c] += curvature * localGradient[a] * localGradient[c] }
        }
    }

    /// n/mu^2 where `binTerm` is mu - n log mu; 0 where it is the penalty, linear in mu.
    static func binCurvature(expected mu: Double, observed n: Double) -> Double {
        mu > BlockKernel.floor && mu.isFinite ? n / (mu * mu) : 0
    }

    /// sum_b (n_b log n_b - n_b) over bins with events: the saturated model's constant.
    static func saturated(_ counts: [Double]) -> Double {
        counts.reduce(0) { $1 > 0 ? $0 + $1 * Foundation.log($1) - $1 : $0 }
    }

    /// mu - n log mu and its derivative in mu, guarded like the unbinned event term; `penaltySlope`: bins over
    /// events, the penalty's growth per event below the floor.
    static func binTerm(expected mu: Double, observed n: Double, penaltySlope: Double) -> (term: Double, slope: Double) {
        let floor = BlockKernel.floor
        if mu > floor && mu.isFinite { return (mu - n * Foundation.log(mu), 1 - n / mu) }
        guard mu.isFinite else { return (BlockKernel.nonFinitePenalty * max(n, 1), 0) }
        return (mu - n * Foundation.log(floor) + n * penaltySlope * (floor - mu), 1 - n * penaltySlope)
    }
}

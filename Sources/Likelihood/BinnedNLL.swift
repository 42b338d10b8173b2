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
    private var probabilities: [(value: Double, gradient: SIMD8<Double>)]

    public init(model: Model, data: [Double], bins: Int, pool: WorkerPool? = nil) {
        precondition(bins > 0, "BinnedNLL: bins must be positive, got \(bins)")
        let range = model.range
        parameterCount = model.parameterCount
        edges = (0...bins).map { range.lower + range.width * Double($0) / Double(bins) }
        var histogram = [Double](repeating: 0, count: bins)
        for x in data where range.contains(x) {
            histogram[min(bins - 1, Int((x - range.lower) / range.width * Double(bins)))] += 1
        }
        counts = histogram
        saturated = histogram.reduce(0) { $1 > 0 ? $0 + $1 * Foundation.log($1) - $1 : $0 }
        penaltySlope = Double(bins) / max(histogram.reduce(0, +), 1)
        point = ParameterPoint(model: model)
        probabilities = Array(repeating: (0, SIMD8()), count: model.components.count)
    }

    public func value(_ parameters: [Double]) -> Double {
        point.evaluate(parameters, gradientInto: nil) { _, _ in dataTerm(gradient: nil) }
    }

    public func valueAndGradient(_ parameters: [Double], gradient: inout [Double]) -> Double {
        point.evaluate(parameters, gradient: &gradient) { _, g in dataTerm(gradient: g) }
    }

    public func isInDomain(_ parameters: [Double]) -> Bool { point.isInDomain(parameters) }

    /// Runs under the parameter point's lock, which also guards `probabilities`.
    private func dataTerm(gradient: UnsafeMutablePointer<Double>?) -> Double {
        let components = point.model.components, pdfs = point.pdfs, yields = point.yields
        var total = saturated
        for (b, n) in counts.enumerated() {
            var mu = 0.0
            for k in pdfs.indices {
                probabilities[k] = pdfs[k].probability(from: edges[b], to: edges[b + 1])
                mu += yields[k] * probabilities[k].value
            }
            let (term, slope) = binTerm(expected: mu, observed: n)
            total += term
            guard let gradient else { continue }
            for (k, component) in components.enumerated() {
                gradient[component.yieldIndex] += slope * probabilities[k].value
                for (role, index) in component.shapeIndices.enumerated() {
                    gradient[index] += slope * yields[k] * probabilities[k].gradient[role]
                }
            }
        }
        return total
    }

    /// mu - n log mu and its derivative in mu, guarded like the unbinned event term.
    private func binTerm(expected mu: Double, observed n: Double) -> (term: Double, slope: Double) {
        let floor = BlockKernel.floor
        if mu > floor && mu.isFinite { return (mu - n * Foundation.log(mu), 1 - n / mu) }
        guard mu.isFinite else { return (BlockKernel.nonFinitePenalty * max(n, 1), 0) }
        return (mu - n * Foundation.log(floor) + n * penaltySlope * (floor - mu), 1 - n * penaltySlope)
    }
}

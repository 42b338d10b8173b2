import Likelihood
import Minimizer

/// The two fits behind a test statistic, on the data or on a toy: the unconditional fit (every free parameter,
/// the poi included) and the conditional fit with the poi fixed at the tested value; and the statistic
/// (Cowan, Cranmer, Gross, Vitells 2011) from them.
struct TestStatisticFits {
    let fitter: DatasetFitter
    let kind: HypothesisTest.Kind
    let poi: Int
    let boundary: Double

    /// A statistic below -`negativeTolerance` means the unconditional fit missed the minimum that the
    /// conditional one found (it cannot lie lower with fewer free parameters); above it, the two fits agree within
    /// their convergence (edm goal 1e-4 at tolerance 0.1) and the statistic is 0.
    static let negativeTolerance = 1e-3

    struct Outcome {
        var free: FitResult
        var fixed: FitResult
        /// NaN when the fits do not give a statistic (a clearly negative value).
        var statistic: Double
        var isValid: Bool { free.isValid && fixed.isValid && statistic.isFinite }
    }

    /// Fits `nll` from `start` (values and steps of every parameter, config limits and fixed flags) freely and
    /// with the poi fixed at `tested`, and computes the statistic; a clearly negative statistic gets a second
    /// unconditional fit started from the conditional minimum, and the lower of the two is kept. `unconditional`:
    /// the free fit from the same `start`, when the caller already has it (one dataset tested at many points).
    func fit(_ nll: any NegativeLogLikelihood, start: [FitParameter], tested: Double,
             unconditional given: FitResult? = nil) -> Outcome {
        let fixed = fitter.fit(nll, from: fixing(start, at: tested))
        var free = given ?? unconditional(nll, start: start, boundaryFit: tested == boundary ? fixed : nil)
        var q = statistic(free: free, fixed: fixed, tested: tested)
        if q < -Self.negativeTolerance {
            var restart = start
            for j in restart.indices where !restart[j].isFixed { restart[j].value = fixed.values[j] }
            restart[poi].value = poiStart(tested, scale: start[poi].error)
            let again = fitter.fit(nll, from: restart)
            if again.isValid && again.fval < free.fval { free = again }
            q = statistic(free: free, fixed: fixed, tested: tested)
        }
        if q < -Self.negativeTolerance { q = .nan } else if q < 0 { q = 0 }
        return Outcome(free: free, fixed: fixed, statistic: q)
    }

    /// The unconditional fit. A minimum on the boundary leaves the poi no curvature in Minuit's transformed
    /// coordinate, so such a fit can end invalid (its errors) although its minimum is right. The boundary's
    /// conditional fit (`boundaryFit` if already made) is the same minimum computed with the poi fixed (the
    /// L(0, theta^^(0)) of q~ and t~): it stands in when it is valid and not above the free fit.
    func unconditional(_ nll: any NegativeLogLikelihood, start: [FitParameter], boundaryFit: FitResult? = nil) -> FitResult {
        let free = fitter.fit(nll, from: start)
        let scale = start[poi].error > 0 ? start[poi].error : (free.errors[poi].isFinite ? free.errors[poi] : 1)
        guard !free.isValid && free.values[poi] - boundary < 0.5 * scale else { return free }
        let atBoundary = boundaryFit ?? fitter.fit(nll, from: fixing(start, at: boundary))
        return atBoundary.isValid && atBoundary.fval <= free.fval + Self.negativeTolerance / 2 ? atBoundary : free
    }

    /// `start` with the poi fixed at `value`.
    private func fixing(_ start: [FitParameter], at value: Double) -> [FitParameter] {
        var fixed = start
        fixed[poi].value = value
        fixed[poi].isFixed = true
        return fixed
    }

    /// q0, q~_mu or t~_mu from the two fits. The poi's lower limit is the boundary, so the unconditional fit
    /// never lies below it and the mu^ < 0 case of q~ and t~ is the fit at the limit, the same value.
    func statistic(free: FitResult, fixed: FitResult, tested: Double) -> Double {
        if kind == .limit && free.values[poi] > tested { return 0 }
        return 2 * (fixed.fval - free.fval)
    }

    /// A start for the unconditional fit's poi: the tested value, but off the boundary (a start on a limit
    /// stalls Minuit's transformed parameter) by half the data fit's error.
    func poiStart(_ value: Double, scale: Double) -> Double {
        max(value, boundary + 0.5 * (scale > 0 && scale.isFinite ? scale : 1))
    }
}

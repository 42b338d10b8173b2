/// User-facing knobs, with iminuit's defaults.
public struct MinimizerSettings: Sendable {
    /// Minuit strategy 0, 1 or 2 (speed versus reliability of the derivatives).
    public var strategy = 1
    /// EDM goal is 0.002 * tolerance * errorDefinition.
    public var tolerance = 0.1
    /// "up": 1 for a chi2, 0.5 for a negative log-likelihood.
    public var errorDefinition = 1.0
    /// nil: Minuit's 200 + 100n + 5n^2 for n free parameters.
    public var maxFunctionCalls: Int? = nil
    /// Use the objective's analytic gradient when it provides one.
    public var useGradient = true
    /// iminuit's `iterate - 1`: re-run MIGRAD with strategy 2 while the minimum is invalid and the call
    /// limit was not reached.
    public var maxRetries = 4
    /// Let the numerical HESSE reuse function values MIGRAD already computed at the same points
    /// (identical results, fewer calls). Off reproduces Minuit2's call counts exactly.
    public var cacheHesseEvaluations = true

    public init(strategy: Int = 1, tolerance: Double = 0.1, errorDefinition: Double = 1.0,
                maxFunctionCalls: Int? = nil, useGradient: Bool = true, maxRetries: Int = 4,
                cacheHesseEvaluations: Bool = true) {
        self.strategy = strategy
        self.tolerance = tolerance
        self.errorDefinition = errorDefinition
        self.maxFunctionCalls = maxFunctionCalls
        self.useGradient = useGradient
        self.maxRetries = maxRetries
        self.cacheHesseEvaluations = cacheHesseEvaluations
    }
}

/// Minuit2's machine-precision constants (MnMachinePrecision).
enum Precision {
    static let eps = 4 * Double.ulpOfOne
    static let eps2 = 2 * eps.squareRoot()
}

/// The per-strategy constants of MnStrategy.
struct Strategy {
    let level: Int
    let gradientCycles: Int
    let gradientStepTolerance: Double
    let gradientTolerance: Double
    let hesseCycles: Int
    let hesseStepTolerance: Double
    let hesseG2Tolerance: Double
    let hesseGradientCycles: Int

    init(_ level: Int) {
        self.level = max(0, min(2, level))
        switch self.level {
        case 0:
            (gradientCycles, gradientStepTolerance, gradientTolerance) = (2, 0.5, 0.1)
            (hesseCycles, hesseStepTolerance, hesseG2Tolerance, hesseGradientCycles) = (3, 0.5, 0.1, 1)
        case 1:
            (gradientCycles, gradientStepTolerance, gradientTolerance) = (3, 0.3, 0.05)
            (hesseCycles, hesseStepTolerance, hesseG2Tolerance, hesseGradientCycles) = (5, 0.3, 0.05, 2)
        default:
            (gradientCycles, gradientStepTolerance, gradientTolerance) = (5, 0.1, 0.02)
            (hesseCycles, hesseStepTolerance, hesseG2Tolerance, hesseGradientCycles) = (7, 0.1, 0.02, 6)
        }
    }

    /// Strategy 2 starts from a full HESSE instead of the diagonal guess.
    var hesseAtSeed: Bool { level >= 2 }

    /// Whether MIGRAD verifies its minimum with HESSE, given the last dcovar.
    func wantsHesseAfterMigrad(dcovar: Double) -> Bool {
        level >= 2 || (level == 1 && dcovar > 0.05)
    }
}

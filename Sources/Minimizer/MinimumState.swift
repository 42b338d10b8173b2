/// How trustworthy a state's inverse Hessian is (Minuit2's MinimumError status).
enum ErrorStatus: Sendable {
    case ok, madePosDef, notPosDef, hesseFailed, invertFailed, callLimit
    /// HESSE met NaN or infinity.
    case nonFinite

    /// Minuit2's MinimumError::IsValid: usable as a covariance (possibly after forcing).
    var isValid: Bool { self == .ok || self == .madePosDef }
}

/// One point of the minimization in internal coordinates: parameters, value, gradient, inverse Hessian
/// V of f (the covariance is 2 up V), and the convergence measures.
struct MinimumState {
    var q: [Double]
    var fval: Double
    var gradient: GradientState
    /// n*n row-major inverse Hessian of f in internal coordinates.
    var v: [Double]
    var dcovar: Double
    var edm: Double
    var status: ErrorStatus = .ok
    /// True when V is an analytic-gradient HESSE at exactly this point: repeating it would spend 2n
    /// gradient calls for the same matrix, so `Minuit.hesse()` reuses it.
    var isAnalyticHesse = false
    /// The n*n internal Hessian HESSE computed at q, before any forcing; nil when no HESSE was made here.
    var hessian: [Double]? = nil

    var dimension: Int { q.count }

    /// False when the objective returned NaN or infinity at this point or its gradient probes.
    var isFinite: Bool { fval.isFinite && gradient.isFinite }

    /// Minuit's estimated distance to minimum, 1/2 g^T V g.
    static func edm(_ g: [Double], _ v: [Double]) -> Double { 0.5 * SymmetricMatrix.similarity(v, g) }
}

import Foundation

/// MINOS asymmetric errors of one parameter (lower is negative).
public struct MinosError: Sendable {
    public var lower: Double
    public var upper: Double
    public var isValid: Bool
    public var isLowerValid: Bool
    public var isUpperValid: Bool
    /// Function calls spent on this parameter (both directions).
    public var nfcn: Int
    public var lowerAtLimit = false, upperAtLimit = false
    public var lowerNewMinimum = false, upperNewMinimum = false
    public var lowerCallLimit = false, upperCallLimit = false

    public init(lower: Double, upper: Double, isValid: Bool, isLowerValid: Bool, isUpperValid: Bool, nfcn: Int) {
        self.lower = lower
        self.upper = upper
        self.isValid = isValid
        self.isLowerValid = isLowerValid
        self.isUpperValid = isUpperValid
        self.nfcn = nfcn
    }
}

/// Everything a fit produced, in external coordinates, with iminuit's status flags.
public struct FitResult: Sendable {
    public var names: [String]
    /// External values; fixed parameters at their fixed values.
    public var values: [Double]
    /// HESSE (or MIGRAD) errors as Minuit2 displays them; 0 for fixed parameters.
    public var errors: [Double]
    /// n*n row-major external covariance (rows and columns of fixed parameters are 0).
    public var covariance: [Double]
    /// MINOS errors by parameter index.
    public var minos: [Int: MinosError] = [:]
    public var fval: Double
    public var edm: Double
    /// Objective evaluations (value-only and value-and-gradient calls).
    public var nfcn: Int
    /// Value-and-gradient calls among `nfcn`.
    public var ngrad: Int
    public var isValid: Bool
    public var hasAccurateCovariance: Bool
    public var hasMadePositiveDefinite: Bool
    public var isAboveMaxEdm: Bool
    public var hasReachedCallLimit: Bool
    public var hasParametersAtLimit: Bool
    public var hasCovariance: Bool
    /// HESSE could not compute a finite matrix (or ran out of calls): no errors are reported (NaN).
    public var isHesseFailed = false
    /// Some parameters (or combinations) have no curvature: their errors are NaN (`isUnconstrained`), the
    /// others' come from the pseudo-inverse and are still the inverse Hessian.
    public var hasSingularHessian = false
    /// Per external parameter: its error is undefined (the objective does not constrain it).
    public var isUnconstrained: [Bool]
    /// The end point is outside the objective's domain (its value there is a penalty, not the function).
    public var isOutsideDomain = false
    /// The reported errors failed the self-check against the objective's curvature (`ErrorCheck`).
    public var hasFailedErrorCheck = false
    /// One error away from the minimum the objective is lower than at it (`ErrorCheck`): not a meaningful minimum.
    public var hasLowerPointNearby = false
    /// Strategy-2 re-runs of MIGRAD made because the minimum was invalid.
    public var retries: Int
    /// Why the fit is invalid, e.g. "objective returned NaN or infinity", "seed EDM negative ...",
    /// "above max EDM", "call limit reached"; nil when valid.
    public var failureReason: String?

    public func correlation(_ i: Int, _ j: Int) -> Double {
        let n = values.count
        let d = (covariance[i * n + i] * covariance[j * n + j]).squareRoot()
        return d > 0 ? covariance[i * n + j] / d : 0
    }

    /// The result before any fit: start values and steps.
    init(parameters: [FitParameter]) {
        names = parameters.map(\.name)
        values = parameters.map(\.value)
        errors = parameters.map { $0.isFixed ? 0 : $0.startStep }
        covariance = [Double](repeating: 0, count: parameters.count * parameters.count)
        fval = .nan
        edm = .nan
        nfcn = 0
        ngrad = 0
        isValid = false
        hasAccurateCovariance = false
        hasMadePositiveDefinite = false
        isAboveMaxEdm = false
        hasReachedCallLimit = false
        hasParametersAtLimit = false
        hasCovariance = false
        isUnconstrained = [Bool](repeating: false, count: parameters.count)
        retries = 0
    }

    /// Fill values, errors and covariance from an internal state: C = 2 up J V J, J = diag(dExt/dq).
    mutating func update(from st: MinimumState, transform t: ParameterTransform, up: Double) {
        let n = st.dimension, ne = values.count
        values = t.external(st.q)
        fval = st.fval
        edm = st.edm
        covariance = [Double](repeating: 0, count: ne * ne)
        errors = [Double](repeating: 0, count: ne)
        for i in 0..<n {
            let ei = t.externalIndex[i]
            let ji = t.derivative(i, st.q[i])
            for j in 0..<n {
                let ej = t.externalIndex[j]
                covariance[ei * ne + ej] = 2 * up * ji * st.v[i * n + j] * t.derivative(j, st.q[j])
            }
            errors[ei] = t.externalError(i, st.q[i], (2 * up * max(st.v[i * n + i], 0)).squareRoot())
        }
        hasMadePositiveDefinite = st.status == .madePosDef
        hasAccurateCovariance = st.status == .ok && st.dcovar < 0.1
        hasCovariance = n > 0 && st.fval.isFinite
        hasParametersAtLimit = (0..<n).contains { i in
            let p = t.parameters[t.externalIndex[i]], x = values[t.externalIndex[i]]
            let e = errors[t.externalIndex[i]]
            return min(p.lower.map { x - $0 } ?? .infinity, p.upper.map { $0 - x } ?? .infinity) < 0.5 * e
        }
    }
}

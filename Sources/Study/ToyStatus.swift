import Minimizer

/// The fit's status flags of one toy. A failed fit is data: its flags say why, and the summary counts them.
public struct ToyStatus: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// MIGRAD converged and HESSE's matrix is the inverse Hessian at that minimum (`Minuit.hesse`'s verdict).
    public static let valid = ToyStatus(rawValue: 1 << 0)
    public static let accurateCovariance = ToyStatus(rawValue: 1 << 1)
    /// HESSE's matrix was not positive definite (Minuit would have forced it): not a minimum, no errors.
    public static let madePositiveDefinite = ToyStatus(rawValue: 1 << 2)
    public static let aboveMaxEdm = ToyStatus(rawValue: 1 << 3)
    public static let callLimit = ToyStatus(rawValue: 1 << 4)
    public static let parameterAtLimit = ToyStatus(rawValue: 1 << 5)
    /// MINOS was asked for and did not find both crossings for every requested parameter.
    public static let minosFailed = ToyStatus(rawValue: 1 << 6)
    /// The likelihood was not finite at the end of the fit.
    public static let nonFinite = ToyStatus(rawValue: 1 << 7)
    /// HESSE computed no usable matrix: no errors (NaN).
    public static let hesseFailed = ToyStatus(rawValue: 1 << 8)
    /// Some parameters are not constrained by the data (zero curvature): their errors and pulls are NaN,
    /// the other parameters' errors are still the inverse Hessian.
    public static let singularHessian = ToyStatus(rawValue: 1 << 9)
    /// The fit ended where a pdf is outside its domain (the likelihood's penalty, not a minimum).
    public static let outsideDomain = ToyStatus(rawValue: 1 << 10)
    /// The errors failed the self-check: the NLL's curvature along an error differs from what they say.
    public static let errorCheckFailed = ToyStatus(rawValue: 1 << 11)
    /// One error away from the minimum the NLL is lower than at it: a local minimum without meaning.
    public static let lowerPointNearby = ToyStatus(rawValue: 1 << 12)

    /// Problem flags with their names in toys.csv's `status` column.
    static let labelled: [(ToyStatus, String)] = [
        (.aboveMaxEdm, "above_max_edm"), (.callLimit, "call_limit"), (.madePositiveDefinite, "made_posdef"),
        (.parameterAtLimit, "at_limit"), (.minosFailed, "minos_failed"), (.nonFinite, "non_finite"),
        (.hesseFailed, "hesse_failed"), (.singularHessian, "singular_hessian"), (.outsideDomain, "outside_domain"),
        (.errorCheckFailed, "error_check_failed"), (.lowerPointNearby, "lower_point_nearby"),
    ]

    public init(_ fit: FitResult, minosRequested: Bool) {
        var status: ToyStatus = []
        if fit.isValid { status.insert(.valid) }
        if fit.hasAccurateCovariance { status.insert(.accurateCovariance) }
        if fit.hasMadePositiveDefinite { status.insert(.madePositiveDefinite) }
        if fit.isAboveMaxEdm { status.insert(.aboveMaxEdm) }
        if fit.hasReachedCallLimit { status.insert(.callLimit) }
        if fit.hasParametersAtLimit { status.insert(.parameterAtLimit) }
        if minosRequested, fit.minos.values.contains(where: { !$0.isValid }) { status.insert(.minosFailed) }
        if !fit.fval.isFinite { status.insert(.nonFinite) }
        if fit.isHesseFailed { status.insert(.hesseFailed) }
        if fit.hasSingularHessian { status.insert(.singularHessian) }
        if fit.isOutsideDomain { status.insert(.outsideDomain) }
        if fit.hasFailedErrorCheck { status.insert(.errorCheckFailed) }
        if fit.hasLowerPointNearby { status.insert(.lowerPointNearby) }
        self = status
    }

    /// "ok" for a clean fit, otherwise the problems joined by "+" (e.g. "invalid+inaccurate_covariance+above_max_edm").
    public var label: String {
        var parts = contains(.valid) ? [] : ["invalid"]
        if !contains(.accurateCovariance) { parts.append("inaccurate_covariance") }
        parts += Self.labelled.filter { contains($0.0) }.map(\.1)
        return parts.isEmpty ? "ok" : parts.joined(separator: "+")
    }

    public init?(label: String) {
        var status: ToyStatus = []
        let parts = label.split(separator: "+").map(String.init)
        if !parts.contains("invalid") { status.insert(.valid) }
        if !parts.contains("inaccurate_covariance") { status.insert(.accurateCovariance) }
        for part in parts where !["invalid", "inaccurate_covariance", "ok"].contains(part) {
            guard let flag = Self.labelled.first(where: { $0.1 == part }) else { return nil }
            status.insert(flag.0)
        }
        self = status
    }
}

/// Why one component's pdf is not a density on the observable range at some parameter values: what config
/// validation reports before a study generates from, or fits from, such values.
public struct DomainViolation: Sendable, Equatable {
    /// The component's index in the model.
    public var component: Int
    /// The factor (index into the component's factors) whose pdf fails.
    public var factor: Int
    /// The role (index into the component's roles, all factors' one after the other) whose own value is not
    /// allowed, or nil when the factor's shape as a whole fails (no probability in the range, a negative density
    /// somewhere in it).
    public var role: Int?
    /// What is wrong, in words, e.g. "sigma must be positive (got 0)".
    public var reason: String
}

extension Model {
    /// The components whose pdf is outside its domain at `parameters`: exactly the points where the NLLs return
    /// their outside-domain value and where generation could not sample the component.
    public func domainViolations(at parameters: [Double]) -> [DomainViolation] {
        components.indices.compactMap { domainViolation(ofComponent: $0, at: parameters) }
    }

    /// The same for one component: its first factor outside its domain.
    public func domainViolation(ofComponent index: Int, at parameters: [Double]) -> DomainViolation? {
        var firstRole = 0
        for (f, factor) in components[index].factors.enumerated() {
            defer { firstRole += factor.shapeIndices.count }
            let range = observables[factor.observable], shape = factor.shape(in: parameters)
            // The verdict is the pdf's own (its initialiser, then a positive, finite normalisation); the rest explains.
            guard !factor.pdf.makeNormalised(range: range).update(shape: shape) else { continue }
            guard case let .library(kind) = factor.pdf else {
                return DomainViolation(component: index, factor: f, role: nil,
                                       reason: "the template has no content in the range [\(range.lower), \(range.upper)]")
            }
            if let (role, reason) = kind.roleProblem(shape, range: range) {
                return DomainViolation(component: index, factor: f, role: firstRole + role, reason: reason)
            }
            return DomainViolation(component: index, factor: f, role: nil, reason: kind.shapeProblem(shape, range: range))
        }
        return nil
    }
}

extension PDFKind {
    /// The first role whose value alone is not allowed, with the condition it breaks.
    func roleProblem(_ shape: ShapeValues, range: ObservableRange) -> (role: Int, reason: String)? {
        for role in 0..<shape.count {
            let value = shape[role], name = roles[role]
            if !value.isFinite { return (role, "\(name) must be a finite number (got \(value))") }
            if self == .argus && role == 0 && !(value > range.lower) {
                return (role, "m0 must be above the range's low end \(range.lower) (got \(value)); the ARGUS density is 0 above m0")
            }
            if self == .crystalBall && role == 2 && value == 0 {
                return (role, "alpha must not be 0 (its size is where the tail starts, its sign the tail's side)")
            }
            if shapeType.positiveRoles.contains(role) && !(value > 0) {
                return (role, "\(name) must be positive (got \(value))")
            }
        }
        return nil
    }

    /// What fails when every role's value is allowed on its own.
    func shapeProblem(_ shape: ShapeValues, range: ObservableRange) -> String {
        let interval = "[\(range.lower), \(range.upper)]"
        if self == .argus && range.lower < 0 {
            return "the ARGUS density x sqrt(1 - (x/m0)^2) exp(c (1 - (x/m0)^2)) is negative below x = 0, and the range \(interval) starts at \(range.lower); start the observable range at 0 or above"
        }
        if self == .chebyshev {
            let lowest = ChebyshevSeries(pdfCoefficients: shape.values, degree: shape.count).minimumOnUnitInterval
            let x = range.lower + 0.5 * (lowest.t + 1) * range.width
            return "1 + sum c_k T_k is negative at x = \(x) (\(lowest.value)), so it is not a density on \(interval)"
        }
        guard let pdf = shapeType.init(shape: shape, range: range) else { return "not a density on \(interval)" }
        let integral = pdf.integral(from: range.lower, to: range.upper).value
        return "its integral over the range \(interval) is \(integral): it has no (finite) probability there"
    }
}

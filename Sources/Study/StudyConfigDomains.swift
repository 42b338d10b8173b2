import Foundation
import Likelihood

/// The checks that need the pdfs. Toys are generated at the true values, so they must make every component a
/// density on the observable range, and the yields must be events a toy can hold. Every fit starts at the start
/// values, so they must be inside every pdf's domain too (outside, the NLL is a flat penalty the minimizer
/// cannot leave), and a free parameter must not start on one of its limits (Minuit's sine and square-root
/// transforms have zero slope there, so the fit could never move it).
extension StudyConfig {
    func checkDomains() throws(ConfigError) {
        let likelihood = StudyModel.likelihoodModel(of: self)
        try checkYields()
        let truth = parameters.map(\.value)
        if let violation = likelihood.domainViolations(at: truth).first {
            let parameter = likelihood.components[violation.component].shapeIndices[violation.role ?? 0]
            throw ConfigError(field: "parameters.\(parameters[parameter].name).value",
                              "\(describe(violation)) at the true values; toys cannot be generated from it. Choose true values that make it a density")
        }
        try checkStartsOffLimits()
        let starts = parameters.map(\.start)
        if let violation = likelihood.domainViolations(at: starts).first {
            let parameter = culprit(of: violation, in: likelihood, truth: truth)
            throw ConfigError(field: "parameters.\(parameters[parameter].name).start",
                              "\(JSONValue.format(parameters[parameter].start)) puts \(describe(violation)); the fit could not move from there. Start closer to the true value \(JSONValue.format(parameters[parameter].value))")
        }
    }

    private func describe(_ violation: DomainViolation) -> String {
        let component = model[violation.component]
        return "component \"\(component.name)\" (\(component.pdf.rawValue)) outside its domain: \(violation.reason)"
    }

    /// Yields are expected event counts: not negative, and together at most `maximumExpectedEvents` per toy.
    private func checkYields() throws(ConfigError) {
        let index = Dictionary(parameters.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        var total = 0.0
        for component in model {
            let yield = parameters[index[component.yield]!]
            guard yield.value >= 0 else {
                throw ConfigError(field: "parameters.\(yield.name).value",
                                  "is the yield of component \"\(component.name)\", an expected number of events, and must be zero or positive (got \(JSONValue.format(yield.value)))")
            }
            total += yield.value
        }
        guard total <= Self.maximumExpectedEvents else {
            let largest = model.map { parameters[index[$0.yield]!] }.max { $0.value < $1.value }!
            throw ConfigError(field: "parameters.\(largest.name).value",
                              "the yields' true values add up to \(String(format: "%.4g", total)) expected events per toy, more than the \(JSONValue.format(Self.maximumExpectedEvents)) a toy can hold (8 bytes an event in memory); lower the yields")
        }
    }

    private func checkStartsOffLimits() throws(ConfigError) {
        for parameter in parameters where !parameter.fixed {
            for (label, limit) in [("min", parameter.min), ("max", parameter.max)] where parameter.start == limit {
                throw ConfigError(field: "parameters.\(parameter.name).start",
                                  "\(JSONValue.format(parameter.start)) is on the limit \(label) \(JSONValue.format(limit!)), where Minuit's transform has no slope, so the fit could never leave it; give a start inside the limits")
            }
        }
    }

    /// The parameter whose start puts a component outside its domain: the role named by the violation, else
    /// the first of the component's parameters whose start alone (the others at their true values) does, else
    /// the first whose start differs from its true value (the starts fail only together).
    private func culprit(of violation: DomainViolation, in likelihood: Model, truth: [Double]) -> Int {
        let shapeIndices = likelihood.components[violation.component].shapeIndices
        if let role = violation.role { return shapeIndices[role] }
        let moved = shapeIndices.filter { parameters[$0].start != parameters[$0].value }
        var point = truth
        for index in moved {
            point[index] = parameters[index].start
            if likelihood.domainViolation(ofComponent: violation.component, at: point) != nil { return index }
            point[index] = truth[index]
        }
        return moved.first ?? shapeIndices[0]
    }
}

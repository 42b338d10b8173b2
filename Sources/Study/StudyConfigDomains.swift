import Foundation
import Likelihood

/// The checks that need the pdfs. Toys are generated at the generation truth (the true values, with
/// `generate.parameters` applied), so it must make every component of the generation models a density on its
/// observables' ranges, and the yields must be events a toy can hold. Every fit starts at the start values, so
/// they must be inside every pdf's domain too (outside, the NLL is a flat penalty the minimizer cannot leave),
/// and a free parameter must not start on one of its limits (Minuit's sine and square-root transforms have zero
/// slope there, so the fit could never move it).
extension StudyConfig {
    func checkDomains() throws(ConfigError) {
        let (generation, truth) = StudyModel.generationModels(of: self)
        try checkYields(generation, truth: truth)
        for (c, model) in generation.enumerated() {
            if let violation = model.domainViolations(at: truth).first {
                let component = model.components[violation.component]
                let parameter = violation.role.map { component.shapeIndices[$0] }
                    ?? component.factors[violation.factor].shapeIndices.first ?? component.yieldIndex
                throw ConfigError(field: "\(truthField(parameter)).value",
                                  "\(describe(violation, in: model, channel: c, generation: true)) at the true values; toys cannot be generated from it. Choose true values that make it a density")
            }
        }
        try checkStartsOffLimits()
        let starts = parameters.map(\.start)
        for (c, model) in StudyModel.fitModels(of: self).enumerated() {
            if let violation = model.domainViolations(at: starts).first {
                let parameter = culprit(of: violation, in: model, truth: parameters.map(\.value))
                throw ConfigError(field: "parameters.\(parameters[parameter].name).start",
                                  "\(JSONValue.format(parameters[parameter].start)) puts \(describe(violation, in: model, channel: c, generation: false)); the fit could not move from there. Start closer to the true value \(JSONValue.format(parameters[parameter].value))")
            }
        }
    }

    /// The field of a generation parameter's true value: in `generate.parameters` when given there.
    private func truthField(_ index: Int) -> String {
        let given = generation?.parameters.map(\.name) ?? []
        if index < parameters.count && !given.contains(parameters[index].name) { return "parameters.\(parameters[index].name)" }
        let added = given.filter { name in !parameters.contains { $0.name == name } }
        let name = index < parameters.count ? parameters[index].name : added[index - parameters.count]
        return "generate.parameters.\(name)"
    }

    private func describe(_ violation: DomainViolation, in model: Model, channel: Int, generation: Bool) -> String {
        let components = generation ? generationModel(ofChannel: channel) : channels[channel].model
        let component = components[violation.component], factor = component.factors[violation.factor]
        let place = isSimultaneous ? " of channel \"\(channels[channel].name)\"" : ""
        let pdf = component.isProduct ? "\(factor.pdf.name) of \(factor.observable)" : factor.pdf.name
        return "component \"\(component.name)\"\(place) (\(pdf)) outside its domain: \(violation.reason)"
    }

    /// Yields are expected event counts: not negative, and together at most `maximumExpectedEvents` per toy.
    private func checkYields(_ models: [Model], truth: [Double]) throws(ConfigError) {
        var total = 0.0
        for model in models {
            for component in model.components {
                let yield = truth[component.yieldIndex]
                guard yield >= 0 else {
                    throw ConfigError(field: "\(truthField(component.yieldIndex)).value",
                                      "is the yield of component \"\(component.name)\", an expected number of events, and must be zero or positive (got \(JSONValue.format(yield)))")
                }
                total += yield
            }
        }
        guard total <= Self.maximumExpectedEvents else {
            let largest = models.flatMap(\.components).max { truth[$0.yieldIndex] < truth[$1.yieldIndex] }!
            throw ConfigError(field: "\(truthField(largest.yieldIndex)).value",
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
    /// the first of the failing factor's parameters whose start alone (the others at their true values) does,
    /// else the first whose start differs from its true value (the starts fail only together).
    private func culprit(of violation: DomainViolation, in likelihood: Model, truth: [Double]) -> Int {
        let component = likelihood.components[violation.component]
        if let role = violation.role { return component.shapeIndices[role] }
        let shapeIndices = component.factors[violation.factor].shapeIndices
        let moved = shapeIndices.filter { parameters[$0].start != parameters[$0].value }
        var point = truth
        for index in moved {
            point[index] = parameters[index].start
            if likelihood.domainViolation(ofComponent: violation.component, at: point) != nil { return index }
            point[index] = truth[index]
        }
        return moved.first ?? shapeIndices.first ?? component.yieldIndex
    }
}

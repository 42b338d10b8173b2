import Foundation
import Likelihood
import Minimizer

/// One toy's pseudo-data: the events, and the measured means of the constrained parameters (the global
/// observables), both drawn from the toy's own stream.
public struct ToyData: Sendable {
    public var events: [Double]
    /// One per constrained parameter, in config order.
    public var constraintMeans: [Double]
}

/// The config turned into what generation and fitting use: the likelihood Model (parameters indexed in config
/// order), the truth vector and the minimizer's parameter settings.
public struct StudyModel: Sendable {
    public let config: StudyConfig
    /// The model with the configured constraint means (what `toystudy fit` uses).
    public let model: Model
    /// True values, in config order: toys are generated with them, pulls are measured against them.
    public let truth: [Double]
    /// Minimizer start values, limits, steps and fixed flags, in config order.
    public let fitParameters: [FitParameter]
    /// Config indices of the parameters that get MINOS errors.
    public let minosIndices: [Int]

    public init(config: StudyConfig) {
        self.config = config
        model = Self.likelihoodModel(of: config)
        truth = config.parameters.map(\.value)
        fitParameters = config.parameters.map {
            FitParameter(name: $0.name, value: $0.start, error: $0.step ?? 0, lower: $0.min, upper: $0.max, isFixed: $0.fixed)
        }
        let index = Dictionary(uniqueKeysWithValues: config.parameters.enumerated().map { ($1.name, $0) })
        minosIndices = config.fit.minos.map { index[$0]! }
    }

    /// The likelihood model of a config: parameters indexed in config order, the configured constraint means.
    static func likelihoodModel(of config: StudyConfig) -> Model {
        let index = Dictionary(uniqueKeysWithValues: config.parameters.enumerated().map { ($1.name, $0) })
        let components = config.model.map { component in
            Component(name: component.name, kind: component.pdf, yieldIndex: index[component.yield]!,
                      shapeIndices: component.parameters.map { index[$0.parameter]! })
        }
        let constraints = config.parameters.enumerated().compactMap { i, parameter in
            parameter.constraint.map { GaussianConstraint(parameterIndex: i, mean: $0.mean, sigma: $0.sigma) }
        }
        return Model(range: ObservableRange(lower: config.observable.min, upper: config.observable.max),
                     parameterCount: config.parameters.count, components: components, constraints: constraints)
    }

    /// Toy `toy`'s data: a pure function of (seed, toy). Events first, then each constraint's measured mean,
    /// N(truth, sigma) by Box-Muller, from the same stream.
    public func generate(toy: Int, seed: UInt64) -> ToyData {
        var stream = ToyStream(seed: seed, toy: toy)
        return generate(at: truth, using: &stream)
    }

    /// A dataset generated at `parameters` (which must lie in every pdf's domain) and the global observables
    /// drawn around them, from `stream`.
    public func generate(at parameters: [Double], using stream: inout ToyStream) -> ToyData {
        let events = model.generate(parameters: parameters, using: &stream)
        let means = model.constraints.map { constraint in
            let u1 = Double(stream.next() >> 11) * 0x1p-53, u2 = Double(stream.next() >> 11) * 0x1p-53
            let normal = (-2 * Foundation.log(1 - u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
            return parameters[constraint.parameterIndex] + constraint.sigma * normal
        }
        return ToyData(events: events, constraintMeans: means)
    }

    /// The model whose constraints are centred on the given measured means (one per constraint).
    public func model(constraintMeans means: [Double]) -> Model {
        guard !means.isEmpty else { return model }
        let constraints = zip(model.constraints, means).map { constraint, mean in
            GaussianConstraint(parameterIndex: constraint.parameterIndex, mean: mean, sigma: constraint.sigma)
        }
        return Model(range: model.range, parameterCount: model.parameterCount, components: model.components,
                     constraints: constraints)
    }
}

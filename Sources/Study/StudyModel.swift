import Foundation
import Likelihood
import Minimizer

/// The events a study fits: per channel, one column per observable.
public struct Dataset: Sendable {
    /// channels[channel][observable][event].
    public var channels: [[[Double]]]

    public init(channels: [[[Double]]]) { self.channels = channels }

    /// A one-channel, one-observable dataset.
    public init(_ events: [Double]) { channels = [[events]] }

    /// Events over all channels.
    public var eventCount: Int { channels.reduce(0) { $0 + ($1.first?.count ?? 0) } }
}

/// One toy's pseudo-data: per channel its events (and how many each generated component got), and the measured
/// means of the constrained parameters (the global observables), all drawn from the toy's own stream.
public struct ToyData: Sendable {
    public var channels: [GeneratedEvents]
    /// One per constrained parameter, in config order.
    public var constraintMeans: [Double]

    public var dataset: Dataset { Dataset(channels: channels.map(\.columns)) }
    /// Per channel, per component of the generation model, the events generated (`StudyModel.eventColumns` order).
    public var componentCounts: [Int] { channels.flatMap(\.counts) }
}

/// The config turned into what generation and fitting use: the likelihood models (parameters indexed in config
/// order), the truth vector and the minimizer's parameter settings.
public struct StudyModel: Sendable {
    public let config: StudyConfig
    /// One model per channel, with the configured constraint means (in the first channel's model, so they count
    /// once): what `toystudy fit` uses.
    public let channels: [Model]
    /// True values, in config order: pulls are measured against them (and toys generated with them unless
    /// `generate` says otherwise).
    public let truth: [Double]
    /// The models toys are generated with, one per channel, over `generationTruth`.
    public let generation: [Model]
    /// The fit's parameters' true values with `generate.parameters` applied (overridden, then added ones).
    public let generationTruth: [Double]
    /// Minimizer start values, limits, steps and fixed flags, in config order.
    public let fitParameters: [FitParameter]
    /// Config indices of the parameters that get MINOS errors.
    public let minosIndices: [Int]

    public init(config: StudyConfig) {
        self.config = config
        channels = Self.fitModels(of: config)
        truth = config.parameters.map(\.value)
        (generation, generationTruth) = Self.generationModels(of: config)
        fitParameters = config.parameters.map {
            FitParameter(name: $0.name, value: $0.start, error: $0.step ?? 0, lower: $0.min, upper: $0.max, isFixed: $0.fixed)
        }
        let index = Dictionary(uniqueKeysWithValues: config.parameters.enumerated().map { ($1.name, $0) })
        minosIndices = config.fit.minos.map { index[$0]! }
    }

    /// The first channel's model: a one-channel study's.
    public var model: Model { channels[0] }

    /// The fit models of a config, one per channel: parameters indexed in config order, the configured
    /// constraint means in the first.
    static func fitModels(of config: StudyConfig) -> [Model] {
        let index = Dictionary(uniqueKeysWithValues: config.parameters.enumerated().map { ($1.name, $0) })
        let constraints = config.parameters.enumerated().compactMap { i, parameter in
            parameter.constraint.map { GaussianConstraint(parameterIndex: i, mean: $0.mean, sigma: $0.sigma) }
        }
        return config.channels.enumerated().map { c, channel in
            likelihoodModel(channel.model, observables: channel.observables, index: index,
                            constraints: c == 0 ? constraints : [])
        }
    }

    /// The generation models (the fit's, `generate.model` or `generate.channels`) over the parameters of the fit followed by those
    /// `generate.parameters` adds, and their true values.
    static func generationModels(of config: StudyConfig) -> (models: [Model], truth: [Double]) {
        var names = config.parameters.map(\.name), truth = config.parameters.map(\.value)
        for entry in config.generation?.parameters ?? [] {
            if let i = names.firstIndex(of: entry.name) { truth[i] = entry.value } else {
                names.append(entry.name)
                truth.append(entry.value)
            }
        }
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        let models = config.channels.indices.map { c in
            likelihoodModel(config.generationModel(ofChannel: c), observables: config.channels[c].observables, index: index,
                            constraints: [])
        }
        return (models, truth)
    }

    private static func likelihoodModel(_ components: [StudyConfig.Component], observables: [StudyConfig.Observable],
                                        index: [String: Int], constraints: [GaussianConstraint]) -> Model {
        let names = observables.map(\.name)
        let components = components.map { component in
            Component(name: component.name, yieldIndex: index[component.yield]!, factors: component.factors.map { factor in
                Factor(pdf: factor.pdf, observable: names.firstIndex(of: factor.observable)!,
                       shapeIndices: factor.parameters.map { index[$0.parameter]! })
            })
        }
        return Model(observables: observables.map { ObservableRange(lower: $0.min, upper: $0.max) },
                     parameterCount: index.count, components: components, constraints: constraints)
    }

    /// toys.csv's columns of generated events, one per channel and generation component: `events_C`, or
    /// `events_CHANNEL_C` in a study with channels.
    public var eventColumns: [String] {
        zip(config.channels, generation).flatMap { channel, model in
            model.components.map { config.isSimultaneous ? "events_\(channel.name)_\($0.name)" : "events_\($0.name)" }
        }
    }

    /// Toy `toy`'s data: a pure function of (seed, toy), generated at the truth.
    public func generate(toy: Int, seed: UInt64) -> ToyData {
        var stream = ToyStream(seed: seed, toy: toy)
        return generate(at: truth, using: &stream)
    }

    /// A dataset generated at `parameters` (the fit's, which with `generate.parameters` applied must lie in every
    /// generation pdf's domain) and the global observables drawn around them, from `stream`: each channel's
    /// events in channel order, then each constraint's measured mean, N(parameter, sigma) by Box-Muller.
    /// `fitModel`: generate with the fit models at `parameters` themselves, as a hypothesis test's toys are (they
    /// are drawn under the hypothesis the fit model states, whatever `generate` says); for a study without
    /// `generate` the two are the same toys.
    public func generate(at parameters: [Double], fitModel: Bool = false, using stream: inout ToyStream) -> ToyData {
        let (models, point) = fitModel ? (channels, parameters) : (generation, generationParameters(at: parameters))
        let channels = models.map { $0.generateEvents(parameters: point, poisson: config.toys.poisson, using: &stream) }
        let means = model.constraints.map { constraint in
            let u1 = Double(stream.next() >> 11) * 0x1p-53, u2 = Double(stream.next() >> 11) * 0x1p-53
            let normal = (-2 * Foundation.log(1 - u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
            return parameters[constraint.parameterIndex] + constraint.sigma * normal
        }
        return ToyData(channels: channels, constraintMeans: means)
    }

    /// The generation models' parameter vector at a point of the fit's: its values, with those that
    /// `generate.parameters` gives replaced and added.
    func generationParameters(at parameters: [Double]) -> [Double] {
        guard let given = config.generation?.parameters, !given.isEmpty else { return parameters }
        var point = parameters + generationTruth[parameters.count...]
        for entry in given {
            if let i = config.parameterIndex(entry.name) { point[i] = generationTruth[i] }
        }
        return point
    }

    /// The channel models with the constraints centred on the given measured means (one per constraint).
    public func channels(constraintMeans means: [Double]) -> [Model] {
        guard !means.isEmpty else { return channels }
        let constraints = zip(model.constraints, means).map { constraint, mean in
            GaussianConstraint(parameterIndex: constraint.parameterIndex, mean: mean, sigma: constraint.sigma)
        }
        return [Model(observables: model.observables, parameterCount: model.parameterCount, components: model.components,
                      constraints: constraints)] + channels.dropFirst()
    }
}

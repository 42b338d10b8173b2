import Likelihood
import Minimizer

/// The config turned into what generation and fitting use: the likelihood Model (parameters indexed in config
/// order), the truth vector and the minimizer's parameter settings.
public struct StudyModel: Sendable {
    public let config: StudyConfig
    public let model: Model
    /// True values, in config order: toys are generated with them, pulls are measured against them.
    public let truth: [Double]
    /// Minimizer start values, limits, steps and fixed flags, in config order.
    public let fitParameters: [FitParameter]
    /// Config indices of the parameters that get MINOS errors.
    public let minosIndices: [Int]

    public init(config: StudyConfig) {
        self.config = config
        let index = Dictionary(uniqueKeysWithValues: config.parameters.enumerated().map { ($1.name, $0) })
        let components = config.model.map { component in
            Component(name: component.name, kind: component.pdf, yieldIndex: index[component.yield]!,
                      shapeIndices: component.parameters.map { index[$0.parameter]! })
        }
        model = Model(range: ObservableRange(lower: config.observable.min, upper: config.observable.max),
                      parameterCount: config.parameters.count, components: components)
        truth = config.parameters.map(\.value)
        fitParameters = config.parameters.map {
            FitParameter(name: $0.name, value: $0.start, error: $0.step ?? 0, lower: $0.min, upper: $0.max, isFixed: $0.fixed)
        }
        minosIndices = config.fit.minos.map { index[$0]! }
    }

    /// Toy `toy`'s dataset: a pure function of (seed, toy).
    public func generate(toy: Int, seed: UInt64) -> [Double] {
        var stream = ToyStream(seed: seed, toy: toy)
        return model.generate(parameters: truth, using: &stream)
    }
}

import Likelihood

/// Toy i from start to finish: generate its dataset from (seed, i), fit it, keep the result.
public struct ToyRunner: Sendable {
    public let fitter: DatasetFitter
    public let seed: UInt64

    public init(study: StudyModel, seed: UInt64, pool: WorkerPool? = nil) {
        fitter = DatasetFitter(study: study, pool: pool)
        self.seed = seed
    }

    public func run(toy: Int) -> ToyResult {
        let data = fitter.study.generate(toy: toy, seed: seed)
        let fit = fitter.fit(data.dataset, constraintMeans: data.constraintMeans)
        return ToyResult(toy: toy, events: data.dataset.eventCount, fit: fit, minosIndices: fitter.study.minosIndices)
    }
}

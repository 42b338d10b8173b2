import Likelihood
import Minimizer

/// A hypothesis test as an experiment: a task is toy t of hypothesis h at scan point i, key (i H + h) M + t
/// with H hypotheses per point and M toys per point and hypothesis. A toy is generated with the fit model at its
/// block's conditional fit to the data (the LHC "frequentist" toys: nuisances at theta^^, global observables
/// drawn afresh around them) and fitted twice; its record is the statistic and both fits.
///
/// toys.csv: `task, point, poi, hypothesis, toy, q, valid, poi_hat, free_valid, free_nll, free_status,
/// fixed_valid, fixed_nll, fixed_status, events, checksum`; `valid` is both fits valid and a statistic found.
public struct HypothesisExperiment: Experiment {
    public let test: HypothesisTest
    public let study: StudyModel
    let fits: TestStatisticFits
    public let table: RecordTable

    public init(test: HypothesisTest, study: StudyModel) {
        self.test = test
        self.study = study
        fits = TestStatisticFits(fitter: DatasetFitter(study: study), kind: test.kind, poi: test.poi, boundary: test.boundary)
        table = RecordTable([
            .init("task", .integer), .init("point", .integer), .init("poi", .number),
            .init("hypothesis", .label(HypothesisTest.Hypothesis.labels)), .init("toy", .integer), .init("q", .number),
            .init("valid", .flag), .init("poi_hat", .number),
            .init("free_valid", .flag), .init("free_nll", .number), .init("free_status", .status),
            .init("fixed_valid", .flag), .init("fixed_nll", .number), .init("fixed_status", .status),
            .init("events", .integer),
        ])
    }

    /// Column positions in a record.
    enum Column {
        static let point = 1, poi = 2, hypothesis = 3, toy = 4, q = 5, valid = 6, poiHat = 7, events = 14
    }

    public var studyText: String { HypothesisStudyFile.text(config: study.config, test: test) }

    var hypothesesPerPoint: Int { test.kind.hypotheses.count }
    var blockCount: Int { test.points.count * hypothesesPerPoint }

    /// Every block's toys, or a shard's slice of every block's toys.
    public func possibleTasks(shard: Shard?) -> [Range<Int>] {
        let slice = shard?.toys(of: test.toys) ?? 0..<test.toys
        return (0..<blockCount).map { ($0 * test.toys + slice.lowerBound)..<($0 * test.toys + slice.upperBound) }
    }

    /// A limit's first round, unless sharded; everything else at once.
    public func tasks(shard: Shard?) -> [Range<Int>] {
        guard test.kind == .limit, shard == nil else { return possibleTasks(shard: shard) }
        return tasks(upTo: test.points.map { _ in LimitRounds.bounds(maximum: test.toys)[0] })
    }

    /// The first `counts[i]` toys of both hypotheses at every point i.
    func tasks(upTo counts: [Int]) -> [Range<Int>] {
        (0..<blockCount).map { block in
            let start = block * test.toys
            return start..<(start + counts[block / hypothesesPerPoint])
        }
    }

    public func neededTasks(shard: Shard?, after pass: ((ArraySlice<Double>) -> Void) throws -> Void) throws -> [Range<Int>]? {
        guard test.kind == .limit, shard == nil else { return nil }
        return tasks(upTo: try LimitRounds(test: test, pass: pass).needed)
    }

    public func keptTasks(of pass: ((ArraySlice<Double>) -> Void) throws -> Void) throws -> ((Int) -> Bool)? {
        guard test.kind == .limit else { return nil }
        let counts = try LimitRounds(test: test, pass: pass).needed
        let (toys, perPoint) = (test.toys, hypothesesPerPoint)
        return { key in key % toys < counts[key / toys / perPoint] }
    }

    /// Task `key`'s scan point, toy, and the parameters its toy is generated at (its hypothesis's conditional fit).
    func task(_ key: Int) -> (point: Int, toy: Int, hypothesis: HypothesisTest.Hypothesis, generation: [Double]) {
        let block = key / test.toys, point = block / hypothesesPerPoint
        let hypothesis = test.kind.hypotheses[block % hypothesesPerPoint]
        return (point, key % test.toys, hypothesis, test.generation(point: point, hypothesis: hypothesis))
    }

    /// Task `key`'s pseudo-data: the fit model at the task's generation values, from the stream of (block, toy),
    /// which does not depend on the toys per point (a longer study repeats its toys).
    func toyData(task key: Int) -> ToyData {
        var stream = ToyStream(seed: test.seed, toy: (key / test.toys) << 40 | key % test.toys)
        return study.generate(at: task(key).generation, fitModel: true, using: &stream)
    }

    public func run(task key: Int) -> [Double] {
        let (point, toy, hypothesis, generation) = task(key)
        let data = toyData(task: key)
        let nll = fits.fitter.likelihood(for: data.dataset, constraintMeans: data.constraintMeans)
        let tested = test.tested(point: point)
        var start = study.fitParameters
        for j in start.indices where !start[j].isFixed {
            start[j].value = generation[j]
            start[j].error = test.steps[j]
        }
        start[test.poi].value = fits.poiStart(generation[test.poi], scale: test.poiHatError)
        let outcome = fits.fit(nll, start: start, tested: tested)
        let free = outcome.free, fixed = outcome.fixed
        return [Double(key), Double(point), tested, Double(hypothesis.rawValue), Double(toy), outcome.statistic,
                outcome.isValid ? 1 : 0, free.values[test.poi],
                free.isValid ? 1 : 0, free.fval, Double(ToyStatus(free, minosRequested: false).rawValue),
                fixed.isValid ? 1 : 0, fixed.fval, Double(ToyStatus(fixed, minosRequested: false).rawValue),
                Double(data.dataset.eventCount)]
    }

    public func report(_ pass: ((ArraySlice<Double>) -> Void) throws -> Void) throws -> any StudyReport {
        let toys = try ToyStatistics(test: test, pass: pass)
        switch test.kind {
        case .significance: return SignificanceReport(test: test, toys: toys)
        case .limit: return LimitReport(test: test, toys: toys, kept: try LimitRounds(test: test, pass: pass))
        case .interval: return IntervalReport(test: test, toys: toys)
        }
    }
}

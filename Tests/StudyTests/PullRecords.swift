@testable import Study

/// The pull study's toys table seen through typed results, as the tests write and read rows.
struct ToyTable {
    let experiment: PullExperiment

    init(study: StudyModel) { experiment = PullExperiment(study: study, seed: study.config.toys.seed) }

    var header: String { experiment.table.header }
    func row(_ result: ToyResult) -> String { experiment.table.row(experiment.record(result)) }
    func parse(row: Substring) -> ToyResult? { experiment.table.parse(row: row).map { experiment.result($0[...]) } }
}

extension ResultStore {
    /// A pull study's store, as `toystudy run` opens it.
    convenience init(study: StudyModel, directory: String, resume: Bool, shard: Shard? = nil) throws {
        try self.init(experiment: PullExperiment(study: study, seed: study.config.toys.seed), directory: directory,
                      resume: resume, shard: shard)
    }

    func append(_ results: [ToyResult]) throws {
        let pull = experiment as! PullExperiment
        try append(results.flatMap(pull.record)[...])
    }

    var pendingToys: [Range<Int>] { pendingTasks }

    func finishSummary() throws -> StudySummary { try finish() as! StudySummary }
}

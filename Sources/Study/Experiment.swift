/// What one toy of a study does and what the study reduces its records to. A pull study generates at the truth,
/// fits once and reduces to pull tables; a hypothesis test fits with the parameter of interest free and fixed,
/// records a test statistic and reduces to p-values, CLs or intervals.
///
/// The units of work are tasks, numbered by an integer key: toy i of a pull study is task i; a hypothesis test
/// numbers (scan point, hypothesis, toy). A task's record is a pure function of the study and its key, so the
/// result store, MPI scheduling, shards, merge and resume handle every experiment alike without knowing which
/// it is, and stay bitwise layout-independent.
public protocol Experiment: Sendable {
    /// The record's columns (toys.csv); the first is the task key.
    var table: RecordTable { get }

    /// What the results belong to (study.json): results of two experiments whose texts differ never mix.
    var studyText: String { get }

    /// Everything the study needs for `--toys` tasks: all of them, or one shard's.
    func tasks(shard: Shard?) -> [Range<Int>]

    /// Every task the study (or shard) could ever run, its later rounds included: stored keys outside it are
    /// refused as another study's.
    func possibleTasks(shard: Shard?) -> [Range<Int>]

    /// Once every task so far has a record: all the tasks an adaptive study needs given the stored records (which
    /// `pass` gives in any order), its next round included; the study is complete when none of them is missing.
    /// nil for a study whose tasks are all known at the start (and for a shard: shards cannot see each other's
    /// records). A pure function of the stored records, so a resumed or differently laid out run makes the same
    /// rounds.
    func neededTasks(shard: Shard?, after pass: ((ArraySlice<Double>) -> Void) throws -> Void) throws -> [Range<Int>]?

    /// The records that belong to the finished study, given a pass over all stored ones; nil keeps them all. An
    /// adaptive study's shards run every round (they cannot see each other's records), and the merge keeps only
    /// those an unsharded run would have made.
    func keptTasks(of pass: ((ArraySlice<Double>) -> Void) throws -> Void) throws -> ((Int) -> Bool)?

    /// Generates and fits task `key`, returning its record (`table.width` numbers, the key first).
    func run(task key: Int) -> [Double]

    /// The study's report from its records, which `pass` gives in key order as often as it is called.
    func report(_ pass: ((ArraySlice<Double>) -> Void) throws -> Void) throws -> any StudyReport
}

extension Experiment {
    public func possibleTasks(shard: Shard?) -> [Range<Int>] { tasks(shard: shard) }
    public func neededTasks(shard: Shard?, after pass: ((ArraySlice<Double>) -> Void) throws -> Void) throws -> [Range<Int>]? { nil }
    public func keptTasks(of pass: ((ArraySlice<Double>) -> Void) throws -> Void) throws -> ((Int) -> Bool)? { nil }
}

/// What a finished study reports: summary.json, and summary.md, which is also the table printed at the end.
public protocol StudyReport: Sendable {
    /// summary.json; its keys are an interface (add, never rename).
    var json: JSONValue { get }
    /// summary.md and the terminal table.
    var markdown: String { get }
    /// Further files of the output directory, by name (a pull study's summary.tex and summary.csv).
    var files: [(name: String, text: String)] { get }
}

extension StudyReport {
    public var files: [(name: String, text: String)] { [] }
}

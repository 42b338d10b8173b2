import Foundation

/// Rank 0's durable record of a study's tasks (the toys of a pull study) in its output directory, for any
/// experiment, in memory independent of the number of tasks.
///
/// Every batch of records is appended to toys.partial.csv with one write(2) as it arrives, so a kill -9 loses only
/// tasks still being run (the page cache keeps what was written; an fsync every few seconds covers a machine
/// crash). The store remembers only which tasks are finished, as ranges. `finish` writes toys.csv in key order
/// and the summaries by streaming passes over the files, and removes the partial file.
public final class ResultStore {
    public let directory: ResultDirectory
    public let experiment: any Experiment
    public var table: RecordTable { experiment.table }
    /// The tasks this store is responsible for so far: all of the study's, or one shard's; an adaptive study
    /// adds rounds (`setTasks`).
    public private(set) var tasks: [Range<Int>]
    /// The slice of a job array this store holds, if any.
    public let shard: Shard?
    public private(set) var finished = ToySet()
    /// True when the directory already holds the finished study (its toys.csv): a rerun with --resume.
    public let isComplete: Bool
    private var partial: FileWriter?
    private var lastSync = Date()

    /// Opens (or, with `resume`, reopens) the output directory. Refuses (ConfigError) to overwrite results, to mix
    /// results of two studies or two shards, or damaged rows; a failure to write (a full disk) is a StoreError.
    public init(experiment: any Experiment, directory path: String, resume: Bool, shard: Shard? = nil) throws {
        self.experiment = experiment
        self.shard = shard
        directory = ResultDirectory(path: path)
        let tasks = experiment.tasks(shard: shard)
        self.tasks = tasks
        let studyText = experiment.studyText
        let table = experiment.table
        let shardText = shard.map { $0.json.serialized(indent: 2) + "\n" }
        let directory = directory
        try directory.prepare(flag: "--output") { (stored: String) throws(ConfigError) in
            guard resume else {
                throw ConfigError(field: "--output", "\(path) already holds results of a study; add --resume to finish it, or choose another --output")
            }
            try GeneratorVersion.check(stored: stored, path: path, field: "--resume")
            guard stored == studyText, directory.read(ResultDirectory.shardFile) == shardText else {
                throw ConfigError(field: "--resume", "\(path) holds results of a different study or shard (its study.json differs from this config and command line); use the same config and flags, or another --output")
            }
        }
        isComplete = directory.exists(ResultDirectory.toysFile)
        if isComplete {
            finished = try directory.rows(ResultDirectory.toysFile, table: table).scan { _, _, _ in }.toys
            return
        }
        var keptBytes = 0
        if directory.exists(ResultDirectory.partialFile) {
            // An adaptive study's later rounds are asked for again from what is stored, so its keys are checked
            // against every task it could run.
            let possible = experiment.possibleTasks(shard: shard)
            let scanned = try directory.rows(ResultDirectory.partialFile, table: table).scan { key, _, line in
                guard possible.contains(where: { $0.contains(key) }) else {
                    throw ConfigError(field: "\(directory.file(ResultDirectory.partialFile).path):\(line)", "task \(key) is not one of this study's tasks; the file belongs to another study")
                }
            }
            finished = scanned.toys
            keptBytes = scanned.completeBytes
        }
        try directory.writeAtomically(ResultDirectory.studyFile, studyText)
        if let shardText { try directory.writeAtomically(ResultDirectory.shardFile, shardText) }
        let partialPath = directory.file(ResultDirectory.partialFile).path
        // Cut a line torn by a kill (or a torn header) before appending after it.
        if keptBytes > 0 && truncate(partialPath, off_t(keptBytes)) != 0 { throw StoreError("truncate", partialPath, errno: errno) }
        partial = try FileWriter(path: partialPath, appending: keptBytes > 0)
        if keptBytes == 0 { try partial?.write(table.header + "\n") }
        try partial?.sync()
    }

    /// How many of this store's tasks have a record.
    public var finishedCount: Int { tasks.reduce(0) { $0 + finished.count(in: $1) } }

    /// How many tasks this store is responsible for so far.
    public var taskCount: Int { tasks.reduce(0) { $0 + $1.count } }

    /// This store's tasks that have no record yet, as ranges in order.
    public var pendingTasks: [Range<Int>] { isComplete ? [] : tasks.flatMap { finished.missing(from: $0) } }

    /// An adaptive study's tasks so far, its next round included (`Experiment.neededTasks`).
    public func setTasks(_ needed: [Range<Int>]) { tasks = needed }

    /// Every stored record, in the order stored (for an adaptive study's next round).
    public func storedRecords(_ visit: (ArraySlice<Double>) -> Void) throws {
        try partial?.flush()
        try directory.records(ResultDirectory.partialFile, table: table, visit)
    }

    /// Appends the records of tasks not stored yet with one write, syncing every few seconds. `records` holds
    /// whole records one after the other (as an MPI message carries them).
    public func append(_ records: ArraySlice<Double>) throws {
        var text = ""
        let width = table.width
        for start in stride(from: records.startIndex, to: records.endIndex, by: width) {
            let record = records[start..<(start + width)]
            let key = Int(record[start])
            guard tasks.contains(where: { $0.contains(key) }), finished.insert(key) else { continue }
            text += table.row(record) + "\n"
        }
        guard !text.isEmpty, let partial else { return }
        try partial.write(text)
        try partial.flush()
        if Date().timeIntervalSince(lastSync) > 2 {
            try partial.sync()
            lastSync = Date()
        }
    }

    /// Puts everything stored so far on disk (before a stop).
    public func sync() throws { try partial?.sync() }

    /// Writes toys.csv (in key order) and the summaries, and removes the partial file; for a study that was
    /// already complete, rewrites the summaries from its toys.csv. Returns the report.
    @discardableResult
    public func finish() throws -> any StudyReport {
        let report: any StudyReport
        if isComplete {
            report = try directory.summarizeToys(experiment: experiment)
            try directory.writeSummaries(report)
        } else {
            try partial?.close()
            partial = nil
            guard finishedCount == taskCount else {
                throw StoreError("finish \(directory.path): \(taskCount - finishedCount) toys have no result; run with --resume to fit them")
            }
            let sort = ToyOrderSort(directory: directory)
            report = try directory.writeToysAndSummaries(experiment: experiment) { emit in
                try sort.sort([directory.rows(ResultDirectory.partialFile, table: table)], emit: emit)
            }
        }
        unlink(directory.file(ResultDirectory.partialFile).path)
        return report
    }
}

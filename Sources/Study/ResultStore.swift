import Foundation

/// Rank 0's durable record of a study's toys in its output directory, in memory independent of the number of toys.
///
/// Every batch of results is appended to toys.partial.csv with one write(2) as it arrives, so a kill -9 loses only
/// toys still being fitted (the page cache keeps what was written; an fsync every few seconds covers a machine
/// crash). The store remembers only which toys are finished, as ranges. `finish` writes toys.csv in toy order and
/// the summaries by streaming passes over the files, and removes the partial file.
public final class ResultStore {
    public let directory: ResultDirectory
    public let study: StudyModel
    public let table: ToyTable
    /// The toys this store is responsible for: all of the study's, or one shard's.
    public let toys: Range<Int>
    public private(set) var finished = ToySet()
    /// True when the directory already holds the finished study (its toys.csv): a rerun with --resume.
    public let isComplete: Bool
    private var partial: FileWriter?
    private var lastSync = Date()

    /// Opens (or, with `resume`, reopens) the output directory. Refuses (ConfigError) to overwrite results, to mix
    /// results of two studies or two shards, or damaged rows; a failure to write (a full disk) is a StoreError.
    public init(study: StudyModel, directory path: String, resume: Bool, shard: Shard? = nil) throws {
        self.study = study
        table = ToyTable(study: study)
        directory = ResultDirectory(path: path)
        toys = shard?.toys(of: study.config.toys.count) ?? 0..<study.config.toys.count
        let studyText = ResultDirectory.studyText(study.config)
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
        if isComplete { return }
        var keptBytes = 0
        if directory.exists(ResultDirectory.partialFile) {
            let scanned = try directory.rows(ResultDirectory.partialFile, table: table).scan { toy, _, line in
                guard toys.contains(toy) else {
                    throw ConfigError(field: "\(directory.file(ResultDirectory.partialFile).path):\(line)", "toy \(toy) is not one of this study's toys \(toys.lowerBound)..<\(toys.upperBound); the file belongs to another study")
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

    /// How many of this store's toys have a result.
    public var finishedCount: Int { finished.count }

    /// This store's toys that have no result yet, as ranges in order.
    public var pendingToys: [Range<Int>] { isComplete ? [] : finished.missing(from: toys) }

    /// Appends the results of toys not stored yet with one write, syncing every few seconds.
    public func append(_ results: [ToyResult]) throws {
        var text = ""
        for result in results where toys.contains(result.toy) && finished.insert(result.toy) {
            text += table.row(result) + "\n"
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

    /// Writes toys.csv (in toy order) and the summaries, and removes the partial file; for a study that was
    /// already complete, rewrites the summaries from its toys.csv. Returns the summary.
    @discardableResult
    public func finish() throws -> StudySummary {
        let summary: StudySummary
        if isComplete {
            summary = try directory.summarizeToys(study: study)
            try directory.writeSummaries(summary)
        } else {
            try partial?.close()
            partial = nil
            guard finished.count == toys.count else {
                throw StoreError("finish \(directory.path): \(toys.count - finished.count) toys have no result; run with --resume to fit them")
            }
            let sort = ToyOrderSort(directory: directory, table: table)
            summary = try directory.writeToysAndSummaries(study: study) { emit in
                try sort.sort(directory.rows(ResultDirectory.partialFile, table: table), emit: emit)
            }
        }
        unlink(directory.file(ResultDirectory.partialFile).path)
        return summary
    }
}

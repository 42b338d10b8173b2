import Foundation

/// Rank 0's durable record of a study's toys in its output directory.
///
/// Every result is appended to toys.partial.csv with one write(2) as it arrives, so a kill -9 loses only toys still
/// being fitted (the page cache keeps what was written; an fsync every few seconds covers a machine crash);
/// `finish` writes toys.csv and the summaries and removes the partial file.
public final class ResultStore {
    public let directory: ResultDirectory
    public let study: StudyModel
    public let table: ToyTable
    /// The toys this store is responsible for: all of the study's, or one shard's.
    public let toys: Range<Int>
    public private(set) var results: [Int: ToyResult] = [:]
    private var partial: FileHandle?
    private var lastSync = Date()

    /// Opens (or, with `resume`, reopens) the output directory. Refuses to overwrite results, or to mix results
    /// of two studies or two shards.
    public init(study: StudyModel, directory path: String, resume: Bool, shard: Shard? = nil) throws(ConfigError) {
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
        for name in [ResultDirectory.toysFile, ResultDirectory.partialFile] {
            for result in directory.rows(name, table: table) where toys.contains(result.toy) { results[result.toy] = result }
        }
        do {
            try directory.writeAtomically(ResultDirectory.studyFile, studyText)
            if let shardText { try directory.writeAtomically(ResultDirectory.shardFile, shardText) }
            // Rewrite the partial file from the rows that parsed: a line torn by a kill is dropped here.
            let rows = results.keys.sorted().map { table.row(results[$0]!) }
            try directory.writeAtomically(ResultDirectory.partialFile, ([table.header] + rows).map { $0 + "\n" }.joined())
            partial = try FileHandle(forWritingTo: directory.file(ResultDirectory.partialFile))
            try partial?.seekToEnd()
        } catch {
            throw ConfigError(field: "--output", "cannot write to \(path) (\(error.localizedDescription)); choose a writable location")
        }
    }

    /// This store's toys that have no result yet, in order.
    public var pendingToys: [Int] { toys.filter { results[$0] == nil } }

    public func append(_ result: ToyResult) throws {
        guard results[result.toy] == nil else { return }
        results[result.toy] = result
        try partial?.write(contentsOf: Data((table.row(result) + "\n").utf8))
        if Date().timeIntervalSince(lastSync) > 2 {
            try partial?.synchronize()
            lastSync = Date()
        }
    }

    /// Writes toys.csv and the summaries, and removes the partial file. Returns the summary.
    @discardableResult
    public func finish() throws -> StudySummary {
        try partial?.synchronize()
        try partial?.close()
        partial = nil
        let summary = try directory.writeFinal(study: study, results: Array(results.values))
        try FileManager.default.removeItem(at: directory.file(ResultDirectory.partialFile))
        return summary
    }
}

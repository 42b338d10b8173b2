import Foundation

/// Rank 0's durable record of a study's toys in its output directory.
///
/// Every result is appended to toys.partial.csv with one write(2) as it arrives, so a kill -9 loses only toys still
/// being fitted; `finish` writes toys.csv (sorted by toy) and the summaries through temporary files and renames,
/// so no reader ever sees half a file. study.json names the study the results belong to.
public final class ResultStore {
    public let directory: URL
    public let study: StudyModel
    public let table: ToyTable
    public private(set) var results: [Int: ToyResult] = [:]
    private var partial: FileHandle?
    private var lastSync = Date()

    static let studyFile = "study.json", partialFile = "toys.partial.csv", toysFile = "toys.csv"
    static let summaryJSONFile = "summary.json", summaryMarkdownFile = "summary.md"

    /// Opens (or, with `resume`, reopens) the output directory. Refuses to mix results of two studies.
    public init(study: StudyModel, directory path: String, resume: Bool) throws(ConfigError) {
        self.study = study
        table = ToyTable(study: study)
        directory = URL(fileURLWithPath: path, isDirectory: true)
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        let studyText = study.config.json.serialized(indent: 2) + "\n"
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw ConfigError(field: "--output", "\(path) is a file; give a directory for the results")
            }
            if let stored = try? String(contentsOf: file(Self.studyFile), encoding: .utf8) {
                guard resume else {
                    throw ConfigError(field: "--output", "\(path) already holds results of a study; add --resume to finish it, or choose another --output")
                }
                guard stored == studyText else {
                    throw ConfigError(field: "--resume", "\(path) holds results of a different study (its study.json differs from this config and command line); use the same config and flags, or another --output")
                }
                loadRows(Self.toysFile)
                loadRows(Self.partialFile)
            } else if !((try? manager.contentsOfDirectory(atPath: path))?.isEmpty ?? true) {
                throw ConfigError(field: "--output", "\(path) is a non-empty directory that holds no toystudy results; choose another --output")
            }
        } else {
            do {
                try manager.createDirectory(at: directory, withIntermediateDirectories: true)
            } catch {
                throw ConfigError(field: "--output", "cannot create \(path) (\(error.localizedDescription)); choose a writable location")
            }
        }
        do {
            try writeAtomically(Self.studyFile, studyText)
            // Rewrite the partial file from the rows that parsed: a line torn by a kill is dropped here.
            let rows = results.keys.sorted().map { table.row(results[$0]!) }
            try writeAtomically(Self.partialFile, ([table.header] + rows).map { $0 + "\n" }.joined())
            partial = try FileHandle(forWritingTo: file(Self.partialFile))
            try partial?.seekToEnd()
        } catch {
            throw ConfigError(field: "--output", "cannot write to \(path) (\(error.localizedDescription)); choose a writable location")
        }
    }

    /// Toys of 0..<count that have no result yet, in order.
    public func pendingToys(count: Int) -> [Int] { (0..<count).filter { results[$0] == nil } }

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
        let ordered = results.keys.sorted().map { results[$0]! }
        try writeAtomically(Self.toysFile, ([table.header] + ordered.map(table.row)).map { $0 + "\n" }.joined())
        let summary = StudySummary(study: study, results: ordered)
        try writeAtomically(Self.summaryJSONFile, summary.json.serialized(indent: 2) + "\n")
        try writeAtomically(Self.summaryMarkdownFile, summary.markdown)
        try FileManager.default.removeItem(at: file(Self.partialFile))
        return summary
    }

    private func file(_ name: String) -> URL { directory.appendingPathComponent(name) }

    private func loadRows(_ name: String) {
        guard let text = try? String(contentsOf: file(name), encoding: .utf8) else { return }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // The last line is complete only if the file ends with a newline.
        for line in lines.dropFirst().dropLast() {
            if let result = table.parse(row: line) { results[result.toy] = result }
        }
    }

    private func writeAtomically(_ name: String, _ text: String) throws {
        let temporary = file(".\(name).tmp")
        try Data(text.utf8).write(to: temporary)
        let descriptor = open(temporary.path, O_RDONLY)
        if descriptor >= 0 { fsync(descriptor); close(descriptor) }
        guard rename(temporary.path, file(name).path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file(name).path])
        }
    }
}

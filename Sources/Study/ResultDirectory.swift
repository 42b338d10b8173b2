import Foundation

/// The files of a study's output directory and how they are written: study.json (the effective study, which
/// says what the results belong to), shard.json (for a shard), toys.partial.csv while running, and at the end
/// toys.csv and the summaries (summary.json, .md, .tex, .csv). Final files go through a temporary file, fsync and rename, so a reader
/// never sees half a file; a directory holding only such a temporary file (a start interrupted by a kill or a full
/// disk) counts as empty.
public struct ResultDirectory: Sendable {
    public let url: URL

    public static let studyFile = "study.json", shardFile = "shard.json", partialFile = "toys.partial.csv"
    public static let toysFile = "toys.csv", summaryJSONFile = "summary.json", summaryMarkdownFile = "summary.md"
    public static let summaryLaTeXFile = "summary.tex", summaryCSVFile = "summary.csv"

    public init(path: String) { url = URL(fileURLWithPath: path, isDirectory: true) }

    public var path: String { url.path }

    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    public func read(_ name: String) -> String? { try? String(contentsOf: file(name), encoding: .utf8) }

    public func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: file(name).path) }

    /// The study.json text of a config: the study without its output path, so shards and moved directories of
    /// one study compare equal, and with the generator version that makes its toys.
    public static func studyText(_ config: StudyConfig) -> String {
        guard case let .object(members) = config.json else { return "" }
        return JSONValue.object(members.filter { $0.key != "output" } + [(GeneratorVersion.key, .number(Double(GeneratorVersion.current)))])
            .serialized(indent: 2) + "\n"
    }

    /// A checked streaming reader of one of this directory's toys files.
    public func rows(_ name: String, table: ToyTable) -> StoredRows {
        StoredRows(path: file(name).path, table: table, tornLastLineDropped: name == Self.partialFile)
    }

    /// Writes toys.csv from the rows that `body` gives to its `emit` in toy order, then the summaries, without
    /// holding the rows in memory: the summary's first pass reads the rows as they are written, its second the
    /// same results spilled in binary beside them. Returns the summary.
    public func writeToysAndSummaries(study: StudyModel, _ body: (_ emit: (Substring) throws -> Void) throws -> Void) throws
        -> StudySummary {
        let table = ToyTable(study: study)
        var accumulator = StudySummary.Accumulator(study: study)
        let place = file(Self.toysFile).path
        let spilled = SpilledResults(path: file(".summary-pass.tmp").path, parameters: study.truth.count)
        defer { unlink(spilled.path) }
        let spill = try FileWriter(path: spilled.path, appending: false)
        try writeAtomically(Self.toysFile) { writer in
            try writer.writeLine(table.header)
            try body { row in
                try writer.writeLine(row)
                let result = try Self.parse(row, table: table, at: place)
                accumulator.addForMeans(result)
                try spill.write(result.encoded())
            }
        }
        try spill.flush()
        try spilled.forEach { accumulator.addForSpreads($0) }
        let summary = try accumulator.summary
        try writeSummaries(summary)
        return summary
    }

    /// The summary of this directory's toys.csv, in two checked streaming passes.
    public func summarizeToys(study: StudyModel) throws -> StudySummary {
        let rows = rows(Self.toysFile, table: ToyTable(study: study))
        return try StudySummary(study: study) { visit in try Self.pass(over: rows, visit) }
    }

    /// Every distinct result of a checked toys file, in file order.
    private static func pass(over rows: StoredRows, _ visit: (ToyResult) -> Void) throws {
        try rows.scan { _, row, line in visit(try parse(row, table: rows.table, at: "\(rows.path):\(line)")) }
    }

    /// A row of a checked file (its checksum holds) as a result.
    private static func parse(_ row: Substring, table: ToyTable, at place: String) throws -> ToyResult {
        guard let result = table.parse(checkedRow: row) else {
            throw ConfigError(field: place, "is not a row of this study's toys table; restore the file or rerun the study")
        }
        return result
    }

    /// summary.json, summary.md, summary.tex and summary.csv of a summary.
    public func writeSummaries(_ summary: StudySummary) throws {
        try writeAtomically(Self.summaryJSONFile, summary.json.serialized(indent: 2) + "\n")
        try writeAtomically(Self.summaryMarkdownFile, summary.markdown)
        try writeAtomically(Self.summaryLaTeXFile, summary.latex)
        try writeAtomically(Self.summaryCSVFile, summary.csv)
    }

    public func writeAtomically(_ name: String, _ text: String) throws {
        try writeAtomically(name) { try $0.write(text) }
    }

    /// Writes `name` through a temporary file, fsync and rename; the rename is made durable by syncing the directory.
    func writeAtomically(_ name: String, _ body: (FileWriter) throws -> Void) throws {
        let temporary = file(".\(name).tmp").path
        let writer = try FileWriter(path: temporary, appending: false)
        try body(writer)
        try writer.close()
        guard rename(temporary, file(name).path) == 0 else { throw StoreError("rename \(temporary) to", file(name).path, errno: errno) }
        let folder = open(path, O_RDONLY)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }

    /// Creates the directory, or accepts an existing one that is empty (but for temporary files of an interrupted
    /// start) or holds a study (`holdsStudy` decides, given its study.json). Anything else is refused naming `flag`.
    public func prepare(flag: String, holdsStudy: (String) throws(ConfigError) -> Void) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            do {
                try manager.createDirectory(at: url, withIntermediateDirectories: true)
            } catch {
                throw ConfigError(field: flag, "cannot create \(path) (\(error.localizedDescription)); choose a writable location")
            }
            return
        }
        guard isDirectory.boolValue else { throw ConfigError(field: flag, "\(path) is a file; give a directory for the results") }
        if let stored = read(Self.studyFile) {
            try holdsStudy(stored)
        } else if !((try? manager.contentsOfDirectory(atPath: path)) ?? []).allSatisfy(Self.isTemporary) {
            throw ConfigError(field: flag, "\(path) is a non-empty directory that holds no toystudy results; choose another \(flag)")
        }
    }

    /// A temporary file of `writeAtomically` (".study.json.tmp").
    static func isTemporary(_ name: String) -> Bool { name.hasPrefix(".") && name.hasSuffix(".tmp") }
}

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
    public func rows(_ name: String, table: RecordTable) -> StoredRows {
        StoredRows(path: file(name).path, table: table, tornLastLineDropped: name == Self.partialFile)
    }

    /// Writes toys.csv from the rows that `body` gives to its `emit` in key order, then the summaries, without
    /// holding the rows in memory: the report's passes read the records spilled in binary beside them. Rows
    /// whose key `kept` refuses are left out. Returns the report.
    public func writeToysAndSummaries(experiment: any Experiment, kept: ((Int) -> Bool)? = nil,
                                      _ body: (_ emit: (Substring) throws -> Void) throws -> Void) throws -> any StudyReport {
        let table = experiment.table
        let place = file(Self.toysFile).path
        let spilled = SpilledRecords(path: file(".summary-pass.tmp").path, width: table.width)
        defer { unlink(spilled.path) }
        let spill = try FileWriter(path: spilled.path, appending: false)
        try writeAtomically(Self.toysFile) { writer in
            try writer.writeLine(table.header)
            try body { row in
                let record = try Self.parse(row, table: table, at: place)
                if let kept, !kept(Int(record[0])) { return }
                try writer.writeLine(row)
                try spill.write(record)
            }
        }
        try spill.flush()
        let report = try experiment.report { visit in try spilled.forEach(visit) }
        try writeSummaries(report)
        return report
    }

    /// The report of this directory's toys.csv, from checked streaming passes.
    public func summarizeToys(experiment: any Experiment) throws -> any StudyReport {
        try experiment.report { visit in try records(Self.toysFile, table: experiment.table, visit) }
    }

    /// Every distinct record of a checked toys file, in file order.
    public func records(_ name: String, table: RecordTable, _ visit: (ArraySlice<Double>) -> Void) throws {
        let rows = rows(name, table: table)
        try rows.scan { _, row, line in visit(try Self.parse(row, table: table, at: "\(rows.path):\(line)")[...]) }
    }

    /// A row of a checked file (its checksum holds) as a record.
    private static func parse(_ row: Substring, table: RecordTable, at place: String) throws -> [Double] {
        guard let record = table.parse(checkedRow: row) else {
            throw ConfigError(field: place, "is not a row of this study's toys table; restore the file or rerun the study")
        }
        return record
    }

    /// summary.json and summary.md of a report, and the report's other files (a pull study's summary.tex and
    /// summary.csv).
    public func writeSummaries(_ report: any StudyReport) throws {
        try writeAtomically(Self.summaryJSONFile, report.json.serialized(indent: 2) + "\n")
        try writeAtomically(Self.summaryMarkdownFile, report.markdown)
        for (name, text) in report.files { try writeAtomically(name, text) }
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

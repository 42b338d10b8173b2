import Foundation

/// The files of a study's output directory and how they are written: study.json (the effective study, which
/// says what the results belong to), shard.json (for a shard), toys.partial.csv while running, and at the end
/// toys.csv, summary.json and summary.md. Final files go through a temporary file, fsync and rename, so a reader
/// never sees half a file.
public struct ResultDirectory: Sendable {
    public let url: URL

    public static let studyFile = "study.json", shardFile = "shard.json", partialFile = "toys.partial.csv"
    public static let toysFile = "toys.csv", summaryJSONFile = "summary.json", summaryMarkdownFile = "summary.md"

    public init(path: String) { url = URL(fileURLWithPath: path, isDirectory: true) }

    public var path: String { url.path }

    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    public func read(_ name: String) -> String? { try? String(contentsOf: file(name), encoding: .utf8) }

    /// The study.json text of a config: the study without its output path, so shards and moved directories of
    /// one study compare equal, and with the generator version that makes its toys.
    public static func studyText(_ config: StudyConfig) -> String {
        guard case let .object(members) = config.json else { return "" }
        return JSONValue.object(members.filter { $0.key != "output" } + [(GeneratorVersion.key, .number(Double(GeneratorVersion.current)))])
            .serialized(indent: 2) + "\n"
    }

    /// The complete rows of a toys file; a line torn by a kill (no final newline) or not of this study is skipped.
    public func rows(_ name: String, table: ToyTable) -> [ToyResult] {
        guard let text = read(name) else { return [] }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.dropFirst().dropLast().compactMap { table.parse(row: $0) }
    }

    /// toys.csv sorted by toy, then summary.json and summary.md; returns the summary.
    public func writeFinal(study: StudyModel, results: [ToyResult]) throws -> StudySummary {
        let ordered = results.sorted { $0.toy < $1.toy }
        let table = ToyTable(study: study)
        try writeAtomically(Self.toysFile, ([table.header] + ordered.map(table.row)).map { $0 + "\n" }.joined())
        let summary = StudySummary(study: study, results: ordered)
        try writeAtomically(Self.summaryJSONFile, summary.json.serialized(indent: 2) + "\n")
        try writeAtomically(Self.summaryMarkdownFile, summary.markdown)
        return summary
    }

    public func writeAtomically(_ name: String, _ text: String) throws {
        let temporary = file(".\(name).tmp")
        try Data(text.utf8).write(to: temporary)
        let descriptor = open(temporary.path, O_RDONLY)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
        guard rename(temporary.path, file(name).path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file(name).path])
        }
        // The rename itself is durable only once the directory is synced.
        let folder = open(path, O_RDONLY)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }

    /// Creates the directory, or accepts an existing one that is empty or holds this study (`sameStudy` decides).
    /// Anything else is refused with a message naming `flag`.
    public func prepare(flag: String, holdsStudy: (String) throws(ConfigError) -> Void) throws(ConfigError) {
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
        } else if !((try? manager.contentsOfDirectory(atPath: path))?.isEmpty ?? true) {
            throw ConfigError(field: flag, "\(path) is a non-empty directory that holds no toystudy results; choose another \(flag)")
        }
    }
}

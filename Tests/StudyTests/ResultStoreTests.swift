import Foundation
import Testing
@testable import Study

@Suite struct ResultStoreTests {
    func temporaryDirectory() -> String {
        NSTemporaryDirectory() + "toystudy-store-\(UUID().uuidString)"
    }

    func lines(_ path: String) throws -> [Substring] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// Rewrites one line of a file (0 is the header).
    func replaceLine(_ number: Int, of path: String, with text: String) throws {
        var all = try lines(path)
        all[number] = Substring(text)
        try all.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    func appendText(_ text: String, to path: String) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    @Test func finishWritesSortedToysAndRemovesThePartialFile() throws {
        let path = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var config = try StudyConfig.parse(seedPeakConfig)
        config.toys.count = 3
        let store = try ResultStore(study: StudyModel(config: config), directory: path, resume: false)
        try store.append([sampleResult(toy: 2), sampleResult(toy: 0)])
        try store.append([sampleResult(toy: 1)])
        try store.finish()
        let rows = try lines(path + "/toys.csv")
        #expect(rows.dropFirst().dropLast().map { $0.prefix(2) } == ["0,", "1,", "2,"])
        #expect(rows.last == "", "every row ends with a newline")
        #expect(!FileManager.default.fileExists(atPath: path + "/toys.partial.csv"))
        #expect(FileManager.default.fileExists(atPath: path + "/summary.json"))
        #expect(FileManager.default.fileExists(atPath: path + "/summary.md"))
    }

    /// Every row ends with the CRC-32 of the text before it; the value is zlib's (Python: zlib.crc32(b"...")).
    @Test func rowsCarryTheirCRC32() throws {
        let table = ToyTable(study: try seedPeakStudy())
        #expect(table.header.hasSuffix(",events,status,ngrad,retries,events_signal,events_background,checksum"))
        let row = table.row(sampleResult(toy: 5))
        let body = row[..<row.lastIndex(of: ",")!]
        #expect(row.hasSuffix("," + CRC32.hex(body)))
        // The standard check value of CRC-32: crc32("123456789") = cbf43926.
        #expect(CRC32.hex("123456789") == "cbf43926")
        #expect(CRC32.hex("") == "00000000")
    }

    @Test func resumeKeepsCompleteRowsAndDropsATornOne() throws {
        let path = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let study = try seedPeakStudy()
        do {
            let store = try ResultStore(study: study, directory: path, resume: false)
            try store.append((0..<3).map { sampleResult(toy: $0) })
        }
        // A kill in the middle of a write leaves a torn last line.
        try appendText("3,1,-1042", to: path + "/toys.partial.csv")
        let reopened = try ResultStore(study: study, directory: path, resume: true)
        #expect(reopened.finished.ranges == [0..<3])
        #expect(reopened.pendingToys == [3..<1000])
        try reopened.append([sampleResult(toy: 3)])
        let rows = try lines(path + "/toys.partial.csv")
        #expect(rows.count == 6, "header, toys 0 to 3, and the final newline: the torn text is gone")
        #expect(rows[4] == Substring(ToyTable(study: study).row(sampleResult(toy: 3))))
    }

    /// A start interrupted right after creating the directory (only the header, even torn) resumes from nothing.
    @Test func resumeAcceptsATornHeader() throws {
        let path = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let study = try seedPeakStudy()
        _ = try ResultStore(study: study, directory: path, resume: false)
        try "toy,valid,nl".write(toFile: path + "/toys.partial.csv", atomically: true, encoding: .utf8)
        let reopened = try ResultStore(study: study, directory: path, resume: true)
        #expect(reopened.finishedCount == 0)
        #expect(try lines(path + "/toys.partial.csv").first == Substring(ToyTable(study: study).header))
    }

    @Test func refusesToOverwriteOrMixStudies() throws {
        let path = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try ResultStore(study: try seedPeakStudy(), directory: path, resume: false)
        #expect(throws: ConfigError.self) { try ResultStore(study: try seedPeakStudy(), directory: path, resume: false) }
        var other = try StudyConfig.parse(seedPeakConfig)
        other.toys.seed = 99
        #expect { try ResultStore(study: StudyModel(config: other), directory: path, resume: true) } throws: {
            ($0 as? ConfigError)?.field == "--resume"
        }
    }

    /// A directory that holds only the temporary file of a start interrupted before its first rename (a kill or a
    /// full disk) holds no results: a plain run and a resume both accept it.
    @Test func directoryWithOnlyATemporaryFileIsAccepted() throws {
        for resume in [false, true] {
            let path = temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: path) }
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try "{\"name\": \"seed-pe".write(toFile: path + "/.study.json.tmp", atomically: false, encoding: .utf8)
            let store = try ResultStore(study: try seedPeakStudy(), directory: path, resume: resume)
            #expect(store.pendingToys == [0..<1000])
            #expect(FileManager.default.fileExists(atPath: path + "/study.json"))
        }
        let other = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: other) }
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        try "mine".write(toFile: other + "/notes.txt", atomically: false, encoding: .utf8)
        #expect(throws: ConfigError.self) { try ResultStore(study: try seedPeakStudy(), directory: other, resume: true) }
    }

    /// A stored row whose checksum fails is refused at resume, naming the file and the line.
    @Test func resumeRefusesADamagedRow() throws {
        let path = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let study = try seedPeakStudy()
        try ResultStore(study: study, directory: path, resume: false).append((0..<4).map { sampleResult(toy: $0) })
        let partial = path + "/toys.partial.csv"
        // One digit of toy 2's nll changed: the row still parses, but its checksum no longer matches.
        let damaged = try lines(partial)[3].replacingOccurrences(of: "-104266.5", with: "-104266.6")
        #expect(damaged != String(try lines(partial)[3]))
        try replaceLine(3, of: partial, with: damaged)
        #expect { try ResultStore(study: study, directory: path, resume: true) } throws: {
            guard let error = $0 as? ConfigError else { return false }
            return error.field == partial + ":4" && error.message.contains("checksum")
        }
    }

    /// A toy stored twice is accepted when both rows are identical (given once) and refused when they differ.
    @Test func duplicateToysMustBeIdentical() throws {
        let path = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var config = try StudyConfig.parse(seedPeakConfig)
        config.toys.count = 4
        let study = StudyModel(config: config), table = ToyTable(study: study)
        try ResultStore(study: study, directory: path, resume: false).append((0..<3).map { sampleResult(toy: $0) })
        let partial = path + "/toys.partial.csv"
        try appendText(table.row(sampleResult(toy: 1)) + "\n" + table.row(sampleResult(toy: 3)) + "\n"
                       + table.row(sampleResult(toy: 3)) + "\n", to: partial)
        let store = try ResultStore(study: study, directory: path, resume: true)
        #expect(store.finished.ranges == [0..<4])
        try store.finish()
        #expect(try lines(path + "/toys.csv").count == 6, "each toy once")

        let other = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: other) }
        try ResultStore(study: study, directory: other, resume: false).append((0..<3).map { sampleResult(toy: $0) })
        var changed = sampleResult(toy: 1)
        changed.nfcn += 1
        try appendText(table.row(sampleResult(toy: 2)) + "\n" + table.row(changed) + "\n", to: other + "/toys.partial.csv")
        #expect { try ResultStore(study: study, directory: other, resume: true) } throws: {
            guard let error = $0 as? ConfigError else { return false }
            return error.field == other + "/toys.partial.csv:6" && error.message.contains("toy 1 appears twice with different contents (also on line 3)")
        }
    }

    /// A rerun of a finished study with --resume finds it complete, fits nothing and rewrites the same summaries.
    @Test func finishedStudyIsComplete() throws {
        let path = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var config = try StudyConfig.parse(seedPeakConfig)
        config.toys.count = 3
        let study = StudyModel(config: config)
        let store = try ResultStore(study: study, directory: path, resume: false)
        try store.append((0..<3).map { sampleResult(toy: $0) })
        try store.finish()
        let summary = try String(contentsOfFile: path + "/summary.json", encoding: .utf8)
        let again = try ResultStore(study: study, directory: path, resume: true)
        #expect(again.isComplete)
        #expect(again.pendingToys.isEmpty)
        #expect(try again.finishSummary().toys == 3)
        #expect(try String(contentsOfFile: path + "/summary.json", encoding: .utf8) == summary)
    }

    /// The streaming summary (two passes over toys.csv) equals the textbook two-pass formulas over an array, bit
    /// for bit, so summaries of existing studies do not change.
    @Test func streamingSummaryEqualsTheTwoPassFormulas() throws {
        let study = try seedPeakStudy()
        var results = (0..<50).map { sampleResult(toy: $0, valid: $0 % 7 != 3) }
        for k in results.indices { results[k].values[2] += 0.001 * Double((k * 37) % 11) }
        let summary = StudySummary(study: study, results: results)
        let used = results.filter(\.isValid)
        #expect(summary.failedToys == [3, 10, 17, 24, 31, 38, 45])
        for (k, index) in study.config.freeParameterIndices.enumerated() {
            let values = used.map { $0.values[index] }, pulls = used.map { $0.pull(index, truth: study.truth[index]) }
            let mean = values.reduce(0, +) / Double(values.count), pullMean = pulls.reduce(0, +) / Double(pulls.count)
            let width = (pulls.reduce(0) { $0 + ($1 - pullMean) * ($1 - pullMean) } / Double(pulls.count - 1)).squareRoot()
            #expect(summary.parameters[k].mean.bitPattern == mean.bitPattern)
            #expect(summary.parameters[k].pullMean.bitPattern == pullMean.bitPattern)
            #expect(summary.parameters[k].pullWidth.bitPattern == width.bitPattern)
        }
    }
}

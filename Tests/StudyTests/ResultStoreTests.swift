import Foundation
import Testing
@testable import Study

@Suite struct ResultStoreTests {
    func temporaryDirectory() -> String {
        NSTemporaryDirectory() + "toystudy-store-\(UUID().uuidString)"
    }

    @Test func finishWritesSortedToysAndRemovesThePartialFile() throws {
        let path = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try ResultStore(study: try seedPeakStudy(), directory: path, resume: false)
        for toy in [2, 0, 1] { try store.append(sampleResult(toy: toy)) }
        try store.finish()
        let rows = try String(contentsOfFile: path + "/toys.csv", encoding: .utf8).split(separator: "\n")
        #expect(rows.dropFirst().map { $0.prefix(2) } == ["0,", "1,", "2,"])
        #expect(!FileManager.default.fileExists(atPath: path + "/toys.partial.csv"))
        #expect(FileManager.default.fileExists(atPath: path + "/summary.json"))
        #expect(FileManager.default.fileExists(atPath: path + "/summary.md"))
    }

    @Test func resumeKeepsCompleteRowsAndDropsATornOne() throws {
        let path = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let study = try seedPeakStudy()
        do {
            let store = try ResultStore(study: study, directory: path, resume: false)
            for toy in 0..<3 { try store.append(sampleResult(toy: toy)) }
        }
        // A kill in the middle of a write leaves a torn last line.
        let handle = try #require(FileHandle(forWritingAtPath: path + "/toys.partial.csv"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("3,1,-1042".utf8))
        try handle.close()
        let reopened = try ResultStore(study: study, directory: path, resume: true)
        #expect(reopened.results.keys.sorted() == [0, 1, 2])
        #expect(reopened.results[1] == sampleResult(toy: 1))
        #expect(reopened.pendingToys.count == 997 && reopened.pendingToys.prefix(2) == [3, 4])
    }

    @Test func refusesToOverwriteOrMixStudies() throws {
        let path = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try ResultStore(study: try seedPeakStudy(), directory: path, resume: false)
        #expect(throws: ConfigError.self) { try ResultStore(study: try seedPeakStudy(), directory: path, resume: false) }
        var other = try StudyConfig.parse(seedPeakConfig)
        other.toys.seed = 99
        do {
            _ = try ResultStore(study: StudyModel(config: other), directory: path, resume: true)
            Issue.record("another study's results must be refused")
        } catch {
            #expect(error.field == "--resume")
        }
    }
}

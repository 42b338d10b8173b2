import Foundation
import Study

/// How many results per second rank 0 receives and stores, with the fits skipped: the real store path of a
/// study of the seed model (5 parameters). Results of real fits are reused as templates under new toy indices,
/// encoded in messages of 8 as MPI workers send them, decoded, appended to toys.partial.csv with their checksums,
/// and finished into toys.csv (external sort) and the summaries (two streaming passes).
enum IngestBenchmark {
    static func run(configPath: String, results count: Int) throws {
        var config = try StudyConfig.parse(String(contentsOfFile: configPath, encoding: .utf8))
        config.toys.count = count
        let study = StudyModel(config: config)
        let experiment = PullExperiment(study: study, seed: config.toys.seed)
        let templates = (0..<64).map { experiment.runToy($0) }
        let parameters = study.truth.count
        let directory = NSTemporaryDirectory() + "toystudy-ingest-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }

        let start = Date()
        let store = try ResultStore(experiment: experiment, directory: directory, resume: false)
        // Messages of two workers interleave, so results arrive slightly out of toy order.
        for first in stride(from: 0, to: count, by: 16) {
            for offset in [8, 0] where first + offset < count {
                let toys = (first + offset)..<min(first + offset + 8, count)
                let message = [1.0] + toys.flatMap { toy in
                    var result = templates[toy % templates.count]
                    result.toy = toy
                    return experiment.record(result)
                }
                try store.append(message.dropFirst())
            }
        }
        let appended = Date()
        try store.finish()
        let finished = Date()
        let appendSeconds = appended.timeIntervalSince(start), finishSeconds = finished.timeIntervalSince(appended)
        let size = (try? FileManager.default.attributesOfItem(atPath: directory + "/toys.csv")[.size] as? Int) ?? 0
        print("ingest: \(count) results of \(config.name) (\(parameters) parameters), toys.csv \(size / 1_000_000) MB")
        print(String(format: "  receive + append with checksum: %.2f s (%.0f results/s)", appendSeconds, Double(count) / appendSeconds))
        print(String(format: "  finish (toys.csv in toy order + summaries): %.2f s", finishSeconds))
        print(String(format: "  total: %.0f results/s", Double(count) / (appendSeconds + finishSeconds)))
    }
}

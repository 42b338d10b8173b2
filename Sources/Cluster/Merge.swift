import Foundation
import Study

/// Joins the output directories of a job array's shards into one study. Refuses anything that would make the
/// merged result differ from an unsharded run: a shard of another study, a shard given twice, a missing or
/// unfinished shard, a damaged row. Merging the same shards again rewrites the same files (idempotent). Every
/// file is read in streaming passes: the shards are checked first (nothing is written for a refused merge), then
/// their rows are brought into key order (a pull study's shards are slices of toys; a hypothesis test's shards
/// are slices of the toys of every scan point). An adaptive study keeps the records an unsharded run makes.
public enum Merge {
    public static func run(shards paths: [String], output: String) throws -> any StudyReport {
        guard let first = paths.first else {
            throw ConfigError(field: "shards", "give the output directories of the shards to merge")
        }
        let reference = try readShard(first)
        var seen: [Int: ShardResults] = [:]
        for path in paths {
            let shard = try readShard(path)
            try GeneratorVersion.check(stored: shard.studyText, path: path, field: path)
            guard shard.studyText == reference.studyText else {
                throw ConfigError(field: path, "holds a shard of a different study than \(first) (their study.json differ); merge only shards of one study")
            }
            guard shard.shard.count == reference.shard.count else {
                throw ConfigError(field: path, "is shard \(shard.shard.index)/\(shard.shard.count), but \(first) is one of \(reference.shard.count) shards; merge shards of one split")
            }
            if let earlier = seen[shard.shard.index] {
                throw ConfigError(field: path, "shard \(shard.shard.index)/\(shard.shard.count) is given twice (also \(earlier.path)); give each shard once")
            }
            seen[shard.shard.index] = shard
        }
        let missing = (0..<reference.shard.count).filter { seen[$0] == nil }
        guard missing.isEmpty else {
            throw ConfigError(field: "shards", "shards \(missing.map { "\($0)/\(reference.shard.count)" }.joined(separator: ", ")) are missing; give all \(reference.shard.count) shards")
        }
        let destination = ResultDirectory(path: output)
        try destination.prepare(flag: "--output") { (stored: String) throws(ConfigError) in
            guard stored == reference.studyText, destination.read(ResultDirectory.shardFile) == nil else {
                throw ConfigError(field: "--output", "\(output) already holds other results; choose another --output")
            }
        }
        try destination.writeAtomically(ResultDirectory.studyFile, reference.studyText)
        let shards = (0..<reference.shard.count).map { seen[$0]! }
        let experiment = reference.experiment
        let kept = try experiment.keptTasks { visit in
            for shard in shards { try ResultDirectory(path: shard.path).records(ResultDirectory.toysFile, table: experiment.table, visit) }
        }
        return try destination.writeToysAndSummaries(experiment: experiment, kept: kept) { emit in
            try ToyOrderSort(directory: destination).sort(shards.map(\.rows), emit: emit)
        }
    }

    struct ShardResults {
        var path: String
        var studyText: String
        var experiment: any Experiment
        var shard: Shard
        /// Its checked toys.csv.
        var rows: StoredRows
    }

    /// A finished shard's study, slice and rows, checked (one streaming pass) to hold exactly its slice of toys in
    /// order, each row with a valid checksum.
    static func readShard(_ path: String) throws -> ShardResults {
        let directory = ResultDirectory(path: path)
        guard let studyText = directory.read(ResultDirectory.studyFile) else {
            throw ConfigError(field: path, "is not a toystudy output directory (no study.json)")
        }
        guard let shardText = directory.read(ResultDirectory.shardFile), let shardJSON = try? JSONParser.parse(shardText),
              let shard = Shard(json: shardJSON) else {
            throw ConfigError(field: path, "is not a shard (no shard.json); only shards run with --shard K/N are merged")
        }
        let experiment = try StoredExperiment.restore(studyText: studyText, field: "\(path)/\(ResultDirectory.studyFile)")
        guard directory.read(ResultDirectory.toysFile) != nil else {
            throw ConfigError(field: path, "shard \(shard.index)/\(shard.count) is unfinished (no toys.csv); finish it with --resume")
        }
        let rows = directory.rows(ResultDirectory.toysFile, table: experiment.table)
        let expected = experiment.tasks(shard: shard)
        let described = expected.count == 1 ? "toys \(expected[0].lowerBound)..<\(expected[0].upperBound)" : "its slice of every scan point's toys"
        let misfit = ConfigError(field: path, "shard \(shard.index)/\(shard.count) should hold \(described) in order but its toys.csv differs; rerun it with --resume")
        var keys = expected.lazy.flatMap { $0 }.makeIterator()
        try rows.scan { key, _, _ in
            guard key == keys.next() else { throw misfit }
        }
        guard keys.next() == nil else { throw misfit }
        return ShardResults(path: path, studyText: studyText, experiment: experiment, shard: shard, rows: rows)
    }
}

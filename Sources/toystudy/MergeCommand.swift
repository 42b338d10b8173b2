import ArgumentParser
import Cluster
import Study

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the output directories of all shards of a study (run with --shard K/N) into one.")

    @Option(name: .long, help: "Directory for the merged toys.csv and summaries.")
    var output: String

    @Argument(help: "The shards' output directories, all N of them.")
    var shards: [String]

    func run() throws {
        let summary = try Merge.run(shards: shards, output: output)
        print(summary.markdown)
        print("merged \(shards.count) shards; results in \(output)/")
    }
}

import Foundation

/// `toystudy-bench MODE [ARGUMENTS]`: performance measurements that need a release build; run from the package
/// root with `swift run -c release toystudy-bench MODE`.
///   nll [DATA.csv], fit [DATA.csv]: the likelihood and the fit (data default to the seed dataset; nll also
///     times the 2-D mass x time example beside it);
///   ingest [CONFIG] [RESULTS]: results per second rank 0 stores (default seed-peak, 10^6 results);
///   scaling [CONFIG] [TOYS]: parallel efficiency of 2 MPI ranks against 1 (default seed-peak, 10000 toys);
///   toys [COUNT]: per toy, the time in generation, MIGRAD, HESSE and storage (default 2000 toys a model);
///   tests [COUNT]: test-statistic toys per second beside pull-study toys on the weak seed variant (default 1000).
let arguments = Array(CommandLine.arguments.dropFirst())
let seedPeak = "jobs/examples/seed-peak.json"
switch arguments.first {
case "nll":
    try ProductNLLBenchmark.run(seed: NLLBenchmark.run(dataPath: arguments.dropFirst().first))
case "fit":
    try FitBenchmark.run(dataPath: arguments.dropFirst().first ?? "Tests/Fixtures/seed-peak.csv", repetitions: 50)
case "ingest":
    try IngestBenchmark.run(configPath: arguments.count > 1 ? arguments[1] : seedPeak,
                            results: arguments.count > 2 ? Int(arguments[2]) ?? 1_000_000 : 1_000_000)
case "scaling":
    try ScalingBenchmark.run(configPath: arguments.count > 1 ? arguments[1] : seedPeak,
                             toys: arguments.count > 2 ? Int(arguments[2]) ?? 10_000 : 10_000)
case "toys":
    try ToyBenchmark.run(toys: Int(arguments.dropFirst().first ?? "") ?? 2000)
case "tests":
    try HypothesisBenchmark.run(toys: Int(arguments.dropFirst().first ?? "") ?? 1000)
default:
    FileHandle.standardError.write(Data("usage: toystudy-bench nll|fit [DATA.csv] | ingest|scaling [CONFIG] [COUNT] | toys|tests [COUNT]\n".utf8))
    exit(2)
}

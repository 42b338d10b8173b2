import Foundation

/// `toystudy-bench MODE [DATA.csv]`: performance measurements that need a release build; run from the package
/// root with `swift run -c release toystudy-bench MODE`. The data default to the seed dataset.
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "nll":
    NLLBenchmark.run(dataPath: arguments.dropFirst().first)
case "fit":
    try FitBenchmark.run(dataPath: arguments.dropFirst().first ?? "Tests/Fixtures/seed-peak.csv", repetitions: 50)
case "toys":
    try ToyBenchmark.run(toys: Int(arguments.dropFirst().first ?? "") ?? 2000)
default:
    FileHandle.standardError.write(Data("usage: toystudy-bench nll|fit [seed-peak.csv] | toys [count]\n".utf8))
    exit(2)
}

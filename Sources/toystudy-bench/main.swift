import Foundation

/// `toystudy-bench nll` (likelihood ns per event) and `toystudy-bench fit` (MIGRAD+HESSE time); run from the
/// package root with `swift run -c release toystudy-bench MODE`.
let arguments = CommandLine.arguments.dropFirst()
let seedData = "../shared/data/seed-peak.csv"
switch arguments.first {
case "fit":
    try FitBenchmark.run(dataPath: arguments.dropFirst().first ?? seedData, repetitions: 50)
default:
    FileHandle.standardError.write(Data("usage: toystudy-bench fit [DATA.csv]\n".utf8))
    exit(2)
}

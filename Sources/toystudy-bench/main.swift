import Foundation

/// `toystudy-bench <mode>`: performance measurements that need a release build (`swift run -c release`).
switch CommandLine.arguments.dropFirst().first {
case "nll":
    NLLBenchmark.run(dataPath: CommandLine.arguments.dropFirst(2).first)
default:
    FileHandle.standardError.write(Data("usage: toystudy-bench nll [seed-peak.csv]\n".utf8))
    exit(2)
}

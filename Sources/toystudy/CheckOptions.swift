import ArgumentParser
import Foundation
import Study

/// `--check [--sigma S]`: a study as a CI gate. Exit 0 when every parameter's pulls and coverage agree with right
/// errors within S of their statistical errors; otherwise exit 3 and one line per failing parameter.
struct CheckOptions: ParsableArguments {
    /// The exit code of a study that fails its check: neither success, nor bad input (2), nor a failure (1).
    static let failedExitCode: Int32 = 3

    @Flag(name: .long, help: "Exit with 3 unless every parameter's pull mean is within --sigma errors of 0, pull width of 1 and 1-sigma coverage of 0.6827.")
    var check = false

    @Option(name: .long, parsing: .unconditional, help: "Allowed distance in statistical errors for --check.")
    var sigma: Double = 3

    /// Refuses a --sigma that cannot be a distance, before any work is done.
    func validated() throws(ConfigError) -> CheckOptions {
        guard sigma.isFinite, sigma > 0 else {
            throw ConfigError(field: "--sigma", "must be a positive number of standard errors (got \(sigma)); 3 is usual")
        }
        return self
    }

    /// With --check: says on stderr whether the summary passes (stdout stays the table, for a pipe), and exits
    /// with 3 when it does not.
    func enforce(_ summary: StudySummary) {
        guard check else { return }
        let failures = summary.checkFailures(sigma: sigma)
        let lines = failures.isEmpty
            ? ["check passed: every parameter's pull mean, pull width and 1-sigma coverage are within "
               + String(format: "%g", sigma) + " sigma of 0, 1 and 0.6827"]
            : failures.map { "check failed: " + $0 }
        for line in lines { FileHandle.standardError.write(Data("toystudy: \(line)\n".utf8)) }
        if !failures.isEmpty { Foundation.exit(Self.failedExitCode) }
    }
}

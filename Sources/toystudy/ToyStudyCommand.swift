import ArgumentParser
import Foundation
import Study

@main
struct ToyStudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "toystudy",
        abstract: "Generate and fit toy (pseudo-experiment) datasets and summarise their pulls.",
        discussion: """
            Run a study on the local cores:   toystudy --config study.json
            Run it across MPI ranks:          mpirun -n 64 toystudy --config study.json
            """,
        subcommands: [RunCommand.self, ValidateCommand.self, GenerateCommand.self, FitCommand.self, MergeCommand.self, SummarizeCommand.self],
        defaultSubcommand: RunCommand.self
    )

    /// Every kind of bad input (config, command line, files) exits with code 2 and one message on stderr.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as ConfigError {
            fail(error.description)
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            fail(message(for: error) + "; see toystudy --help")
        }
    }
}

/// Prints the message (on rank 0 only, under mpirun: the other ranks would repeat it) and exits with code 2.
func fail(_ message: String) -> Never {
    if (ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_RANK"] ?? "0") == "0" {
        FileHandle.standardError.write(Data("toystudy: error: \(message)\n".utf8))
    }
    exit(2)
}

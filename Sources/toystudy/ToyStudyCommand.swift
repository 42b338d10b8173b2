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
        subcommands: [RunCommand.self, ValidateCommand.self, GenerateCommand.self, FitCommand.self, MergeCommand.self, SummarizeCommand.self,
                      SignificanceCommand.self, LimitCommand.self, IntervalCommand.self, AsimovCommand.self],
        defaultSubcommand: RunCommand.self
    )

    /// Every kind of bad input (config, command line, files) exits with code 2 and one message on stderr; a
    /// failure that is not the input's (a disk that fills up mid-run) exits with code 1.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as ConfigError {
            fail(error.description, code: 2)
        } catch {
            if let word = unknownSubcommand {
                fail("unknown subcommand \"\(word)\"; the subcommands are \(subcommandNames.joined(separator: ", ")) "
                     + "(run is the default: toystudy --config FILE)", code: 2)
            }
            switch exitCode(for: error) {
            case .success: exit(withError: error)
            case .validationFailure: fail(message(for: error) + "; see toystudy --help", code: 2)
            default: fail("\(error)", code: 1)
            }
        }
    }
}

extension ToyStudyCommand {
    static var subcommandNames: [String] { configuration.subcommands.compactMap { $0.configuration.commandName } }

    /// A first argument that is a word but no subcommand (`toystudy frobnicate`): the parser takes it for an
    /// argument of the default subcommand and would report something else.
    static var unknownSubcommand: String? {
        guard let first = CommandLine.arguments.dropFirst().first, !first.hasPrefix("-") else { return nil }
        return (subcommandNames + ["help"]).contains(first) ? nil : first
    }
}

/// Prints the message (on rank 0 only, under mpirun: the other ranks would repeat it) and exits.
func fail(_ message: String, code: Int32) -> Never {
    if (ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_RANK"] ?? "0") == "0" {
        FileHandle.standardError.write(Data("toystudy: error: \(message)\n".utf8))
    }
    exit(code)
}

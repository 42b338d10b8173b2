import Foundation
import Testing

/// The cluster build of the README (`swift build -c release --static-swift-stdlib`): its binary needs no Swift
/// runtime on the nodes, only the system's C and C++ libraries and Open MPI's libmpi, and it computes exactly
/// what the ordinary build computes.
@Suite struct StaticBuildTests {
    /// The README's command, into its own scratch directory; incremental, so a second run costs seconds.
    static func buildStaticBinary() throws -> String {
        let scratch = ".build-static"
        let outcome = try ExternalTool.run(try #require(ExternalTool.find("swift")),
                                           ["build", "-c", "release", "--static-swift-stdlib", "--scratch-path", scratch,
                                            "--product", "toystudy"],
                                           directory: Toystudy.packageRoot.path)
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        return Toystudy.packageRoot.appendingPathComponent(scratch + "/release/toystudy").path
    }

    /// ldd's resolved libraries of a binary or library: the file name of each (`libm.so.6`) with its path.
    static func sharedLibraries(of file: String) throws -> [(name: String, path: String?)] {
        let outcome = try ExternalTool.run(try #require(ExternalTool.find("ldd")), [file])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return outcome.stdout.split(separator: "\n").compactMap { line in
            let fields = line.split(whereSeparator: \.isWhitespace)
            guard let first = fields.first else { return nil }
            let name = String(first.split(separator: "/").last ?? first)
            let path = fields.count > 2 && fields[1] == "=>" ? String(fields[2]) : nil
            return (name, path)
        }
    }

    @Test func staticBinaryNeedsOnlyTheCLibrariesAndLibmpi() throws {
        let binary = try Self.buildStaticBinary()
        let libraries = try Self.sharedLibraries(of: binary)
        let names = libraries.map(\.name)
        for swiftRuntime in ["libswift", "libFoundation", "libdispatch", "libBlocksRuntime"] {
            #expect(!names.contains { $0.hasPrefix(swiftRuntime) }, "\(swiftRuntime) is linked: \(names)")
        }
        let system = ["linux-vdso.so", "ld-linux", "libc.so", "libm.so", "libstdc++.so", "libgcc_s.so"]
        let libmpi = libraries.first { $0.name.hasPrefix("libmpi.so") }?.path
        let broughtByLibmpi = Set(try libmpi.map { try Self.sharedLibraries(of: $0).map(\.name) } ?? [])
        for name in names where !broughtByLibmpi.contains(name) && !name.hasPrefix("libmpi.so") {
            #expect(system.contains { name.hasPrefix($0) }, "\(name) is neither a system C library nor libmpi's: \(names)")
        }

        // The same study, bit for bit, as the ordinary build's binary.
        let base = Toystudy.temporaryDirectory("static")
        defer { try? FileManager.default.removeItem(atPath: base) }
        let arguments = ["--config", Toystudy.seedPeak, "--toys", "20", "--output"]
        let staticRun = try ExternalTool.run(binary, arguments + [base + "/static"])
        #expect(staticRun.status == 0, "\(staticRun.stderr)")
        #expect(try Toystudy.run(arguments + [base + "/dynamic"]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: base + "/static/toys.csv"))
                == Data(contentsOf: URL(fileURLWithPath: base + "/dynamic/toys.csv")))
    }
}

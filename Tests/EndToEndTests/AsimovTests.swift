import Foundation
import Testing

/// `"toys": {"asimov": true}` and `toystudy asimov`: the fit of the Asimov dataset returns the truth, its errors
/// are the errors toys have on average, and the row (toy -1) goes with the first shard and stays out of the pulls.
@Suite(.serialized) struct AsimovTests {
    static func json(_ path: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    @Test func asimovRowGivesTheExpectedErrors() throws {
        let base = Toystudy.temporaryDirectory("asimov")
        defer { try? FileManager.default.removeItem(atPath: base) }
        let config = try Toystudy.seedPeakVariant(replacing: #""seed": 1}"#, with: #""seed": 1, "asimov": true}"#)
        let run = try Toystudy.run(["--config", config, "--toys", "400", "--output", base + "/whole"])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try String(contentsOfFile: base + "/whole/toys.csv", encoding: .utf8).split(separator: "\n")
        #expect(rows[1].hasPrefix("-1,1,") && rows[2].hasPrefix("0,"), "the Asimov row first, valid")
        let summary = try Self.json(base + "/whole/summary.json")
        #expect(summary["toys"] as? Double == 400, "the Asimov row is no toy")
        let asimov = try #require((summary["asimov"] as? [String: Any])?["parameters"] as? [String: [String: Double]])
        let pulls = try #require(summary["parameters"] as? [String: [String: Any]])
        for (name, truth) in [("ns", 2000.0), ("nb", 13469), ("mu", 5), ("sigma", 0.5), ("tau", 4)] {
            let fit = try #require(asimov[name]), error = try #require(fit["error"])
            #expect(abs(fit["value"]! - truth) < 0.01 * error, "\(name): the Asimov fit returns the truth")
            // 400 toys' mean HESSE error: its relative spread is well below 1%.
            let mean = try #require(pulls[name]?["error_mean"] as? Double)
            #expect(abs(error / mean - 1) < 0.03, "\(name): Asimov \(error), toys' mean error \(mean)")
        }
        let printed = try Toystudy.run(["asimov", "--config", config, "--json"])
        #expect(printed.status == 0)
        let parameters = try #require((try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [String: Any])?["parameters"] as? [String: [String: Any]])
        #expect(parameters["ns"]?["error"] as? Double == asimov["ns"]?["error"])
        for k in 0..<2 {
            #expect(try Toystudy.run(["--config", config, "--toys", "400", "--shard", "\(k)/2", "--output", base + "/shard\(k)"]).status == 0)
        }
        #expect(try Toystudy.run(["merge", "--output", base + "/merged", base + "/shard0", base + "/shard1"]).status == 0)
        #expect(try String(contentsOfFile: base + "/merged/toys.csv", encoding: .utf8) == rows.joined(separator: "\n") + "\n")
    }

    /// A study with channels: the Asimov dataset bins every channel, and its simultaneous fit returns the truth.
    @Test func asimovFitsEveryChannel() throws {
        let base = Toystudy.temporaryDirectory("asimov-channels")
        defer { try? FileManager.default.removeItem(atPath: base) }
        let example = Toystudy.packageRoot.appendingPathComponent("jobs/examples/two-channel.json").path
        let text = try String(contentsOfFile: example, encoding: .utf8)
        let config = base + ".json"
        defer { try? FileManager.default.removeItem(atPath: config) }
        try text.replacingOccurrences(of: #""toys": {"#, with: #""toys": {"asimov": true, "#).write(toFile: config, atomically: true, encoding: .utf8)
        let run = try Toystudy.run(["--config", config, "--toys", "20", "--output", base])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try String(contentsOfFile: base + "/toys.csv", encoding: .utf8).split(separator: "\n")
        let header = rows[0].split(separator: ",").map(String.init), asimov = rows[1].split(separator: ",").map(String.init)
        #expect(asimov[0] == "-1" && asimov[1] == "1", "the Asimov row first, valid")
        // Its events (the columns before the checksum): every channel's expected yields (1000 + 2000 in the signal region, 5000 in the control region).
        let events = try #require(header.firstIndex(of: "events"))
        #expect(asimov[events] == "8000")
        #expect(header.dropLast().suffix(3) == ["events_signal_region_signal", "events_signal_region_background", "events_control_background"])
        #expect(asimov.dropLast().suffix(3) == ["1000", "2000", "5000"])
        let summary = try #require(try Self.json(base + "/summary.json")["asimov"] as? [String: Any])
        let parameters = try #require(summary["parameters"] as? [String: [String: Double]])
        for (name, truth) in [("nsig", 1000.0), ("nbkg_sr", 2000), ("nbkg_cr", 5000), ("mean", 5.28), ("width", 0.03), ("tau", 0.5)] {
            let fit = try #require(parameters[name])
            #expect(abs(fit["value"]! - truth) < 0.01 * fit["error"]!, "\(name): the Asimov fit returns the truth")
        }
        let printed = try Toystudy.run(["asimov", "--config", example, "--json"])
        #expect(printed.status == 0, "\(printed.stderr)")
        let fit = try #require((try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [String: Any])?["parameters"] as? [String: [String: Any]])
        #expect(fit["nsig"]?["error"] as? Double == parameters["nsig"]?["error"])
    }

    @Test func asimovNeedsOneObservablePerChannel() throws {
        let example = Toystudy.packageRoot.appendingPathComponent("jobs/examples/mass-time.json").path
        let text = try String(contentsOfFile: example, encoding: .utf8)
        let config = Toystudy.temporaryDirectory("config") + ".json"
        defer { try? FileManager.default.removeItem(atPath: config) }
        try text.replacingOccurrences(of: #""toys": {"#, with: #""toys": {"asimov": true, "#).write(toFile: config, atomically: true, encoding: .utf8)
        let outcome = try Toystudy.run(["validate", "--config", config])
        #expect(outcome.status == 2 && outcome.stderr.contains("toys.asimov: the Asimov fit bins one observable per channel, and the study has 2"), "\(outcome.stderr)")
        let command = try Toystudy.run(["asimov", "--config", example])
        #expect(command.status == 2 && command.stdout.isEmpty, "\(command.stderr)")
        #expect(command.stderr.contains("--config: the Asimov fit bins one observable per channel, and the study has 2"), "\(command.stderr)")
    }
}

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

    /// Studies with channels and with several observables: the Asimov dataset bins every channel (on a grid over
    /// its observables), its row's events are the expected yields, its fit returns the truth, and its errors are
    /// the toys' mean errors within 3% (400 toys: the mean error's own spread is well below 1%).
    @Test(arguments: [("two-channel", 8000), ("mass-time", 12000)])
    func asimovFitsEveryChannelAndObservable(name: String, events: Int) throws {
        let base = Toystudy.temporaryDirectory("asimov-\(name)")
        defer { try? FileManager.default.removeItem(atPath: base) }
        let example = Toystudy.packageRoot.appendingPathComponent("jobs/examples/\(name).json").path
        let text = try String(contentsOfFile: example, encoding: .utf8)
        let config = base + ".json"
        defer { try? FileManager.default.removeItem(atPath: config) }
        try text.replacingOccurrences(of: #""toys": {"#, with: #""toys": {"asimov": true, "#).write(toFile: config, atomically: true, encoding: .utf8)
        let run = try Toystudy.run(["--config", config, "--toys", "400", "--output", base])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try String(contentsOfFile: base + "/toys.csv", encoding: .utf8).split(separator: "\n")
        let header = rows[0].split(separator: ",").map(String.init), asimov = rows[1].split(separator: ",").map(String.init)
        #expect(asimov[0] == "-1" && asimov[1] == "1", "the Asimov row first, valid")
        // Its events: the expected total, and per channel and component the expected yield (the columns before the checksum).
        let total = try #require(header.firstIndex(of: "events"))
        let perComponent = header.indices.filter { header[$0].hasPrefix("events_") }.map { Int(asimov[$0])! }
        #expect(asimov[total] == "\(events)" && perComponent.reduce(0, +) == events, "\(header) \(asimov)")
        let truth = try #require((try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["parameters"] as? [String: [String: Any]])
        let summary = try Self.json(base + "/summary.json")
        let fitted = try #require((summary["asimov"] as? [String: Any])?["parameters"] as? [String: [String: Double]])
        let pulls = try #require(summary["parameters"] as? [String: [String: Any]])
        for (parameter, settings) in truth {
            let fit = try #require(fitted[parameter]), value = try #require(settings["value"] as? Double)
            #expect(abs(fit["value"]! - value) < 0.01 * fit["error"]!, "\(parameter): the Asimov fit returns the truth")
            let mean = try #require(pulls[parameter]?["error_mean"] as? Double)
            #expect(abs(fit["error"]! / mean - 1) < 0.03, "\(parameter): Asimov \(fit["error"]!), toys' mean error \(mean)")
        }
        let printed = try Toystudy.run(["asimov", "--config", example, "--json"])
        #expect(printed.status == 0, "\(printed.stderr)")
        let printedFit = try #require((try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [String: Any])?["parameters"] as? [String: [String: Any]])
        for parameter in truth.keys { #expect(printedFit[parameter]?["error"] as? Double == fitted[parameter]?["error"]) }
    }
}

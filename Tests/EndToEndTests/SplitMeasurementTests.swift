import Foundation
import Testing

/// Hypothesis tests of studies with channels and with several observables, on the Gaussian-mean measurement of
/// HypothesisTestTests split up so that its exact answers stay the same: two channels of 1000 events of width
/// sqrt(2000) sharing the mean (each channel's mean is N(mu, 2), their combination N(mu, 1)), or one channel
/// of 1000 events of width sqrt(1000) with a second, flat observable that carries no information. The asymptotic
/// limits check the Asimov datasets of channels (binned each) and of several observables (a grid).
@Suite(.serialized) struct SplitMeasurementTests {
    static let events = 1000

    /// Evenly spaced points about `centre` with a Gaussian's variance `width`^2: their mean is exactly `centre`.
    static func column(centre: Double, width: Double) -> [Double] {
        let spread = width * 3.0.squareRoot()
        return (0..<events).map { (i: Int) -> Double in
            let u: Double = 2 * (Double(i) + 0.5) / Double(events) - 1
            return centre + spread * u
        }
    }

    static func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The two-channel config and its data, one file per channel: channel `left` centred at x0 + 0.9 and `right`
    /// at x0 - 0.9, so that only their combination measures x0.
    static func twoChannels(x0: Double, in directory: String) throws -> (config: String, data: [String]) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let width = (2.0 * Double(events)).squareRoot()
        let channel = { (name: String) in
            """
            {"name": "\(name)", "observable": {"name": "x", "min": -300, "max": 300},
             "model": [{"name": "signal", "pdf": "gaussian", "yield": "n_\(name)", "parameters": {"mu": "mean", "sigma": "width"}}]}
            """
        }
        let config = """
            {"name": "split-mean", "channels": [\(channel("left")), \(channel("right"))],
             "parameters": {"n_left": {"value": \(events), "fixed": true}, "n_right": {"value": \(events), "fixed": true},
                            "mean": {"value": 1.0, "min": 0}, "width": {"value": \(width), "fixed": true}},
             "toys": {"count": 100, "seed": 5}, "output": "\(directory)/unused"}
            """
        try write(config, to: directory + "/config.json")
        var data: [String] = []
        for (name, shift) in [("left", 0.9), ("right", -0.9)] {
            let rows = column(centre: x0 + shift, width: width).map { String($0) }
            try write((["x"] + rows).joined(separator: "\n") + "\n", to: "\(directory)/\(name).csv")
            data.append("\(name)=\(directory)/\(name).csv")
        }
        return (directory + "/config.json", data)
    }

    /// The one-channel config with a flat second observable y, and its data (columns x, y).
    static func twoObservables(x0: Double, in directory: String) throws -> (config: String, data: String) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let width = Double(events).squareRoot()
        let config = """
            {"name": "mean-and-flat", "observables": [{"name": "x", "min": -200, "max": 200}, {"name": "y", "min": 0, "max": 1}],
             "parameters": {"n": {"value": \(events), "fixed": true}, "mean": {"value": 1.0, "min": 0},
                            "width": {"value": \(width), "fixed": true}},
             "model": [{"name": "signal", "yield": "n", "product": [
                {"observable": "x", "pdf": "gaussian", "parameters": {"mu": "mean", "sigma": "width"}},
                {"observable": "y", "pdf": "uniform", "parameters": {}}]}],
             "toys": {"count": 100, "seed": 5}, "output": "\(directory)/unused"}
            """
        try write(config, to: directory + "/config.json")
        let rows = column(centre: x0, width: width).enumerated().map { "\($1),\((Double($0) + 0.5) / Double(events))" }
        try write((["x,y"] + rows).joined(separator: "\n") + "\n", to: directory + "/data.csv")
        return (directory + "/config.json", directory + "/data.csv")
    }

    static func summary(_ arguments: [String]) throws -> [String: Any] {
        let outcome = try Toystudy.run(arguments + ["--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return try #require(JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
    }

    /// q0 = x0^2 whichever way the measurement is split, so p0 = 1 - Phi(x0): the toys' p-value must agree within
    /// 3 binomial errors, and the data's Z be x0.
    static func expectExactSignificance(_ s: [String: Any], toys: Double) throws {
        let asymptotic = try #require(s["p_value_asymptotic"] as? Double), p = try #require(s["p_value"] as? Double)
        #expect(abs(try #require(s["z_asymptotic"] as? Double) - 1.7) < 0.01, "the data's q0 is x0^2")
        #expect(s["toys"] as? Double == toys && s["failed"] as? Double == 0)
        #expect(abs(p - asymptotic) < 3 * (asymptotic * (1 - asymptotic) / toys).squareRoot(), "toys \(p), asymptotic \(asymptotic)")
    }

    /// The limits come from the split model's Asimov datasets (channels binned, observables gridded): CLs =
    /// Phi(x0 - mu) / Phi(x0) = 0.05 at x0 + Phi^-1(1 - 0.05 Phi(x0)) = 2.5576 for x0 = 0.8, and the median
    /// expected limit (x0 = 0) is Phi^-1(0.975) = 1.9600; interpolating log CLs between points 0.25 apart moves
    /// either by under 0.005.
    static func expectExactLimits(config: String, data: [String]) throws {
        let limit = try summary(["limit", "--asymptotic", "--config", config, "--poi", "mean", "--scan", "0:5:21"]
                                + data.flatMap { ["--data", $0] })
        let observed = try #require(limit["upper_limit_asymptotic"] as? Double)
        let expected = try #require((limit["expected_asymptotic"] as? [String: Any])?["0"] as? Double)
        #expect(abs(observed - 2.5576) < 0.01, "\(observed)")
        #expect(abs(expected - 1.9600) < 0.01, "\(expected)")
    }

    @Test func twoChannelsGiveTheOneChannelAnswers() throws {
        let base = Toystudy.temporaryDirectory("split-channels")
        defer { try? FileManager.default.removeItem(atPath: base) }
        let (config, data) = try Self.twoChannels(x0: 1.7, in: base + "/significance")
        let files = data.flatMap { ["--data", $0] }
        let significance = try Self.summary(["significance", "--config", config, "--poi", "mean", "--toys", "2000",
                                             "--output", base + "/out"] + files)
        try Self.expectExactSignificance(significance, toys: 2000)

        let (limitConfig, limitData) = try Self.twoChannels(x0: 0.8, in: base + "/limit")
        try Self.expectExactLimits(config: limitConfig, data: limitData)
    }

    @Test func aSecondObservableGivesTheOneObservableAnswers() throws {
        let base = Toystudy.temporaryDirectory("split-observables")
        defer { try? FileManager.default.removeItem(atPath: base) }
        let (config, data) = try Self.twoObservables(x0: 1.7, in: base)
        let significance = try Self.summary(["significance", "--config", config, "--data", data, "--poi", "mean",
                                             "--toys", "2000", "--output", base + "/out"])
        try Self.expectExactSignificance(significance, toys: 2000)
        let interval = try Self.summary(["interval", "--config", config, "--data", data, "--poi", "mean", "--scan", "0:3.5:36",
                                         "--toys", "400", "--output", base + "/interval"])
        // Feldman and Cousins's Table X: [0.72, 2.70] for x0 = 1.7 at 68.27%, within the scan step.
        #expect(abs(try #require(interval["lower"] as? Double) - 0.72) <= 0.1, "\(interval)")
        #expect(abs(try #require(interval["upper"] as? Double) - 2.70) <= 0.1, "\(interval)")

        let (limitConfig, limitData) = try Self.twoObservables(x0: 0.8, in: base + "/limit")
        try Self.expectExactLimits(config: limitConfig, data: [limitData])
        // Without data, the Asimov dataset of the truth (mean 1) stands in: its q0 is 1^2, so Z = 1.
        let expected = try Self.summary(["significance", "--asymptotic", "--config", config, "--poi", "mean"])
        #expect(abs(try #require(expected["z_asymptotic"] as? Double) - 1) < 0.01, "\(expected)")
    }
}

import Foundation
import Testing

/// The hypothesis-test commands on a model where the asymptotic formulas are exact: the mean of a Gaussian of
/// known width, measured with 1000 events of width sqrt(1000), so that the measured mean x0 is N(mu, 1) and
/// t_mu = (x0 - mu)^2 whatever the data. Toys must agree with the formulas within their statistical errors, and
/// the Feldman-Cousins intervals with the published table.
@Suite(.serialized) struct HypothesisTestTests {
    static let events = 1000

    /// The config, and a dataset of 1000 events spread symmetrically about x0 (so the fitted mean is x0).
    static func gaussianMean(x0: Double, in directory: String) throws -> (config: String, data: String) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let width = Double(events).squareRoot()
        let config = """
            {"name": "gaussian-mean", "observable": {"name": "x", "min": -200, "max": 200},
             "parameters": {"n": {"value": \(events), "fixed": true}, "mean": {"value": 1.0, "min": 0},
                            "width": {"value": \(width), "fixed": true}},
             "model": [{"name": "signal", "pdf": "gaussian", "yield": "n", "parameters": {"mu": "mean", "sigma": "width"}}],
             "toys": {"count": 100, "seed": 3}, "output": "\(directory)/unused"}
            """
        // Evenly spaced points with the Gaussian's variance: the mean is exactly x0, the spread irrelevant to t_mu.
        let spread = width * 3.0.squareRoot()
        let rows = (0..<events).map { (i: Int) -> String in
            let u: Double = 2 * (Double(i) + 0.5) / Double(events) - 1
            return String(x0 + spread * u)
        }
        let configPath = directory + "/config.json", dataPath = directory + "/data.csv"
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        try (["x"] + rows).joined(separator: "\n").appending("\n").write(toFile: dataPath, atomically: true, encoding: .utf8)
        return (configPath, dataPath)
    }

    static func summary(_ directory: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/summary.json"))
        return try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func run(_ arguments: [String]) throws {
        let outcome = try Toystudy.run(arguments)
        #expect(outcome.status == 0, "\(outcome.stderr)")
    }

    /// Significance: q0 = x0^2, so p0 = 1 - Phi(x0) exactly; the toys' p-value must agree within 3 binomial errors.
    @Test func significanceAgreesWithTheExactAsymptoticPValue() throws {
        let base = Toystudy.temporaryDirectory("significance")
        defer { try? FileManager.default.removeItem(atPath: base) }
        let (config, data) = try Self.gaussianMean(x0: 1.7, in: base)
        try Self.run(["significance", "--config", config, "--data", data, "--poi", "mean", "--toys", "3000", "--output", base + "/out"])
        let s = try Self.summary(base + "/out")
        let asymptotic = try #require(s["p_value_asymptotic"] as? Double), p = try #require(s["p_value"] as? Double)
        let toys = try #require(s["toys"] as? Double)
        #expect(abs(try #require(s["z_asymptotic"] as? Double) - 1.7) < 0.01, "the data's q0 is x0^2")
        #expect(toys == 3000 && (s["failed"] as? Double) == 0)
        #expect(abs(p - asymptotic) < 3 * (asymptotic * (1 - asymptotic) / toys).squareRoot(), "toys \(p), asymptotic \(asymptotic)")
        let low = try #require(s["p_value_low"] as? Double), high = try #require(s["p_value_high"] as? Double)
        #expect(low < p && p < high)
    }

    /// CLs: at every scan point above the measured mean the toys' CLs agrees with the asymptotic one within 3
    /// errors (plus the binomial granularity of the few toys of a point decided early), and so does the upper
    /// limit, whose error is CLs's error at the crossing over the slope of CLs there.
    @Test func limitAgreesWithTheExactAsymptoticCLs() throws {
        let base = Toystudy.temporaryDirectory("limit")
        defer { try? FileManager.default.removeItem(atPath: base) }
        let (config, data) = try Self.gaussianMean(x0: 0.8, in: base)
        try Self.run(["limit", "--config", config, "--data", data, "--poi", "mean", "--scan", "0:5:11", "--toys", "4000",
                      "--output", base + "/out"])
        let s = try Self.summary(base + "/out")
        let points = try #require(s["points"] as? [[String: Any]])
        var pois: [Double] = [], cls: [Double] = [], errors: [Double] = []
        for point in points {
            let value = try #require(point["cls"] as? Double), asymptotic = try #require(point["cls_asymptotic"] as? Double)
            let error = try #require(point["cls_error"] as? Double), toys = try #require(point["toys_sb"] as? Double)
            // Where the data fluctuated above mu (q observed 0), every toy has q >= 0 and CLs is 1, while the formula
            // counts only q > 0; neither excludes such a point, so only the others are compared.
            if try #require(point["q_observed"] as? Double) > 0 {
                #expect(abs(value - asymptotic) < 3 * error + 2 / toys, "CLs at \(point["poi"]!): toys \(value) ± \(error), asymptotic \(asymptotic)")
            }
            pois.append(try #require(point["poi"] as? Double))
            cls.append(value)
            errors.append(error)
        }
        let limit = try #require(s["upper_limit"] as? Double), asymptotic = try #require(s["upper_limit_asymptotic"] as? Double)
        let k = try #require(pois.firstIndex { $0 > limit })
        let slope = abs(cls[k] - cls[k - 1]) / (pois[k] - pois[k - 1])
        #expect(abs(limit - asymptotic) < 3 * max(errors[k], errors[k - 1]) / slope, "limit \(limit), asymptotic \(asymptotic)")
        // The asymptotic limit itself: CLs = Phi(x0 - mu) / Phi(x0) = 0.05 at mu = x0 + Phi^-1(1 - 0.05 Phi(x0)) = 2.5576
        // for x0 = 0.8; interpolating log CLs between scan points 0.5 apart moves it by 0.005.
        #expect(abs(asymptotic - 2.5576) < 0.01, "\(asymptotic)")
    }

    /// Feldman and Cousins, Phys. Rev. D 57, 3873 (1998), Table X (sigma = 1, mu >= 0): x0 = 1.7 gives
    /// [0.72, 2.70] at 68.27% and x0 = 0.5 gives [0.00, 2.14] at 90%. Agreement within the scan's step.
    @Test(arguments: [(1.7, 0.6827, 0.72, 2.70), (0.5, 0.90, 0.0, 2.14)])
    func feldmanCousinsIntervalMatchesThePublishedTable(x0: Double, cl: Double, lower: Double, upper: Double) throws {
        let base = Toystudy.temporaryDirectory("interval")
        defer { try? FileManager.default.removeItem(atPath: base) }
        let (config, data) = try Self.gaussianMean(x0: x0, in: base)
        let step = 0.1
        try Self.run(["interval", "--config", config, "--data", data, "--poi", "mean", "--scan", "0:3.5:36", "--cl", String(cl),
                      "--toys", "800", "--output", base + "/out"])
        let s = try Self.summary(base + "/out")
        let low = try #require(s["lower"] as? Double), high = try #require(s["upper"] as? Double)
        #expect(abs(low - lower) <= step, "lower end \(low), table \(lower)")
        #expect(abs(high - upper) <= step, "upper end \(high), table \(upper)")
    }
}

import Foundation
import Testing

/// Alternative models (`"alternatives"`): every toy is also fitted with each, toys.csv records those fits in
/// columns prefixed with the alternative's name, and the summary's shifts are the mean and error of the per-toy
/// differences, recomputed here from toys.csv alone.
@Suite(.serialized) struct AlternativeModelTests {
    /// Per example, its alternative and the parameters that alternative shares with the main fit: in the
    /// two-channel example the alternative replaces the signal region's background alone, so the control
    /// region's tau is shared.
    @Test(arguments: [("systematic-cb-chebyshev", "chebyshev", ["nsig", "nbkg", "mean", "width"]),
                      ("two-channel-systematic", "linear", ["nsig", "nbkg_sr", "nbkg_cr", "mean", "width", "tau"])])
    func shiftsAreTheMeanDifferencesOfTheRecordedFits(example: String, name: String, shared: [String]) throws {
        let output = Toystudy.temporaryDirectory("alternatives")
        defer { try? FileManager.default.removeItem(atPath: output) }
        let config = Toystudy.packageRoot.appendingPathComponent("jobs/examples/\(example).json").path
        let outcome = try Toystudy.run(["--config", config, "--toys", "200", "--output", output])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("| \(name) | nsig |"), "\(outcome.stdout)")
        let rows = try String(contentsOfFile: output + "/toys.csv", encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = rows[0]
        #expect(header.last == "checksum" && header.contains("\(name).c1_value") && header.contains("\(name).status"))
        let data = try Data(contentsOf: URL(fileURLWithPath: output + "/summary.json"))
        let summary = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let shifts = try #require((summary["alternatives"] as? [String: Any])?[name] as? [String: [String: Double]])
        #expect(Set(shifts.keys) == Set(shared), "the alternative's own parameters are not shared")
        func column(_ name: String) throws -> Int { try #require(header.firstIndex(of: name), "\(name)") }
        for (parameter, shift) in shifts {
            let main = try column("\(parameter)_value"), alternative = try column("\(name).\(parameter)_value")
            let valid = try column("valid"), alternativeValid = try column("\(name).valid")
            let differences = rows.dropFirst().filter { $0[valid] == "1" && $0[alternativeValid] == "1" }
                .map { Double($0[alternative])! - Double($0[main])! }
            let n = Double(differences.count), mean = differences.reduce(0, +) / n
            let sd = (differences.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
            #expect(shift["toys"] == n)
            #expect(abs(shift["shift"]! - mean) <= 1e-9 * abs(mean) + 1e-12, "\(parameter)")
            #expect(abs(shift["shift_error"]! - sd / n.squareRoot()) <= 1e-9 * sd, "\(parameter)")
        }
    }

    @Test func badAlternativesNameTheirField() throws {
        let alternative = #"{"name": "B", "model": [{"name": "bkg", "pdf": "nonsense", "yield": "nb", "parameters": {}}]}"#
        let cases = [("[\(alternative)]", "alternatives[0].model[0].pdf"),
                     (#"[{"model": []}]"#, "alternatives[0].name"),
                     (#"{"name": "B"}"#, "alternatives")]
        for (value, field) in cases {
            let config = try Toystudy.seedPeakVariant(replacing: #""toys": {"#, with: "\"alternatives\": \(value), \"toys\": {")
            let outcome = try Toystudy.run(["validate", "--config", config])
            #expect(outcome.status == 2 && outcome.stderr.contains(field), "\(value): \(outcome.stderr)")
        }
    }
}

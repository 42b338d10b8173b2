import Foundation
import Study
import Testing

/// `toystudy fit` on the seed dataset: the JSON a user's script reads, with MINOS for the listed parameters.
@Suite struct FitCommandTests {
    static let seedData = Toystudy.packageRoot.appendingPathComponent("Tests/Fixtures/seed-peak.csv").path

    func member(_ value: JSONValue?, _ key: String) -> JSONValue? {
        if case let .object(members)? = value { return members.first { $0.key == key }?.value }
        return nil
    }

    @Test func jsonCarriesMinosForTheListedParameters() throws {
        let config = try Toystudy.seedPeakVariant(replacing: "\"tolerance\": 0.1}", with: "\"tolerance\": 0.1, \"minos\": [\"mu\", \"sigma\"]}")
        defer { try? FileManager.default.removeItem(atPath: config) }
        let outcome = try Toystudy.run(["fit", "--config", config, "--data", Self.seedData, "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.split(separator: "\n").count == 1, "one JSON line")
        let json = try JSONParser.parse(outcome.stdout)
        #expect(member(json, "valid") == .bool(true))
        let parameters = member(json, "parameters")
        for name in ["ns", "nb", "mu", "sigma", "tau"] {
            let entry = member(parameters, name)
            guard case let .number(value)? = member(entry, "value"), case let .number(error)? = member(entry, "error") else {
                Issue.record("\(name): no value and error"); continue
            }
            #expect(value.isFinite && error > 0)
            if name == "mu" || name == "sigma" {
                guard case let .array(pair)? = member(entry, "minos"), pair.count == 2,
                      case let .number(lower) = pair[0], case let .number(upper) = pair[1] else {
                    Issue.record("\(name): no minos [lower, upper]"); continue
                }
                #expect(lower < 0 && upper > 0)
                #expect(abs(-lower / error - 1) < 0.1 && abs(upper / error - 1) < 0.1)
            } else {
                #expect(member(entry, "minos") == nil, "\(name) has no MINOS")
            }
        }
        // The seed dataset's sigma likelihood is asymmetric: its upper MINOS error is the larger (reference 0.0224 vs 0.0213).
        if case let .array(pair)? = member(member(parameters, "sigma"), "minos"), case let .number(lower) = pair[0], case let .number(upper) = pair[1] {
            #expect(upper > -lower)
        }
    }

    /// Threads inside the likelihood change only the speed: the fit is bitwise the same.
    @Test func likelihoodThreadsDoNotChangeTheFit() throws {
        let one = try Toystudy.run(["fit", "--config", Toystudy.seedPeak, "--data", Self.seedData, "--json"])
        let two = try Toystudy.run(["fit", "--config", Toystudy.seedPeak, "--data", Self.seedData, "--json", "--nll-threads", "2"])
        #expect(one.status == 0 && two.status == 0)
        #expect(one.stdout == two.stdout)
        let bad = try Toystudy.run(["fit", "--config", Toystudy.seedPeak, "--data", Self.seedData, "--nll-threads", "0"])
        #expect(bad.status == 2 && bad.stderr.contains("--nll-threads: must be at least 1"))
    }

    @Test func tableOutputNamesEveryParameter() throws {
        let outcome = try Toystudy.run(["fit", "--config", Toystudy.seedPeak, "--data", Self.seedData])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.hasPrefix("15542 events, valid yes, status ok, nll "))
        for name in ["ns", "nb", "mu", "sigma", "tau"] { #expect(outcome.stdout.contains("| \(name) |")) }
    }

    /// With the signal yield fixed at 0 nothing constrains the signal's mean and width: the fit is valid for the
    /// others, and the table says `singular_hessian` beside their nan errors.
    @Test func tableNamesTheStatusOfAnUnconstrainedParameter() throws {
        let config = try Toystudy.seedPeakVariant(replacing: #""ns":    {"value": 2000, "min": 0}"#, with: #""ns": {"value": 0, "fixed": true}"#)
        defer { try? FileManager.default.removeItem(atPath: config) }
        let outcome = try Toystudy.run(["fit", "--config", config, "--data", Self.seedData])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.hasPrefix("15542 events, valid yes, status singular_hessian, nll "), "\(outcome.stdout)")
        for name in ["mu", "sigma"] {
            let row = outcome.stdout.split(separator: "\n").first { $0.hasPrefix("| \(name) |") }
            #expect(row?.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }[2] == "nan", "\(outcome.stdout)")
        }
    }
}

import Foundation
import Testing
@testable import Study

/// The seed-peak config of the README; tests change one field at a time.
let seedPeakConfig = """
{
  "name": "seed-peak",
  "observable": {"name": "x", "min": 1.0, "max": 9.0},
  "parameters": {
    "ns":    {"value": 2000, "min": 0},
    "nb":    {"value": 13469, "min": 0},
    "mu":    {"value": 5.0},
    "sigma": {"value": 0.5, "min": 0},
    "tau":   {"value": 4.0, "min": 0}
  },
  "model": [
    {"name": "signal", "pdf": "gaussian", "yield": "ns", "parameters": {"mu": "mu", "sigma": "sigma"}},
    {"name": "background", "pdf": "exponential", "yield": "nb", "parameters": {"tau": "tau"}}
  ],
  "toys": {"count": 1000, "seed": 1},
  "fit": {"strategy": 1, "tolerance": 0.1},
  "output": "results/seed-peak"
}
"""

/// CPU time of the calling thread: a timing that other tests and processes sharing the cores do not inflate.
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + 1e-9 * Double(time.tv_nsec)
}

func parseError(_ text: String) -> ConfigError? {
    do {
        _ = try StudyConfig.parse(text)
        return nil
    } catch {
        return error
    }
}

@Suite struct ConfigValidationTests {
    @Test func seedPeakParsesWithParametersInFileOrder() throws {
        let config = try StudyConfig.parse(seedPeakConfig)
        #expect(config.parameters.map(\.name) == ["ns", "nb", "mu", "sigma", "tau"])
        #expect(config.parameters[3].min == 0 && config.parameters[3].max == nil)
        #expect(config.parameters[0].start == 2000)
        #expect(config.model[0].parameters.map(\.parameter) == ["mu", "sigma"])
        #expect(config.toys == .init(count: 1000, seed: 1))
        #expect(config.fit.strategy == 1 && config.fit.tolerance == 0.1 && config.fit.minos.isEmpty)
    }

    @Test func defaultsForOptionalSections() throws {
        var text = seedPeakConfig.replacingOccurrences(of: "\"toys\": {\"count\": 1000, \"seed\": 1},\n", with: "")
        text = text.replacingOccurrences(of: "\"fit\": {\"strategy\": 1, \"tolerance\": 0.1},\n", with: "")
        text = text.replacingOccurrences(of: ",\n  \"output\": \"results/seed-peak\"", with: "")
        let config = try StudyConfig.parse(text)
        #expect(config.toys == .init(count: 1000, seed: 1))
        #expect(config.output == "results/seed-peak")
        #expect(config.fit.gradient == .analytic && config.fit.bins == 0)
    }

    @Test(arguments: [
        // (replace, with, field the error must name, words the message must contain)
        ("\"value\": 5.0}", "\"vlaue\": 5.0}", "parameters.mu.vlaue", "did you mean \"value\"?"),
        ("\"pdf\": \"gaussian\"", "\"pdf\": \"gauss\"", "model[0].pdf", "unknown pdf"),
        ("\"tau\": \"tau\"", "\"tau\": \"lambda\"", "model[1].parameters.tau", "\"parameters\" lacks"),
        ("\"yield\": \"ns\"", "\"yield\": \"nsig\"", "model[0].yield", "\"parameters\" lacks"),
        ("\"sigma\": {\"value\": 0.5, \"min\": 0}", "\"sigma\": {\"value\": 0.5, \"min\": 2, \"max\": 1}", "parameters.sigma.min", "must be below"),
        ("\"sigma\": {\"value\": 0.5, \"min\": 0}", "\"sigma\": {\"value\": -0.5, \"min\": 0}", "parameters.sigma.value", "below min"),
        ("\"mu\":    {\"value\": 5.0}", "\"mu\":    {\"value\": 5.0, \"max\": 4}", "parameters.mu.value", "above max"),
        ("\"count\": 1000", "\"count\": 0", "toys.count", "must be positive"),
        ("\"count\": 1000", "\"count\": -5", "toys.count", "must be positive"),
        ("\"count\": 1000", "\"count\": 2.5", "toys.count", "whole number"),
        ("\"min\": 1.0, \"max\": 9.0", "\"min\": 9.0, \"max\": 1.0", "observable.min", "must be below"),
        ("\"strategy\": 1", "\"strategy\": 3", "fit.strategy", "0, 1 or 2"),
        ("\"tolerance\": 0.1", "\"tolerance\": 0", "fit.tolerance", "must be positive"),
        ("\"tolerance\": 0.1", "\"tolerance\": 0.1, \"minos\": [\"mass\"]", "fit.minos[0]", "lacks"),
        ("\"name\": \"seed-peak\",", "", "name", "missing"),
        ("\"mu\": \"mu\", \"sigma\": \"sigma\"", "\"mu\": \"mu\"", "model[0].parameters.sigma", "missing"),
        ("\"mu\": \"mu\", \"sigma\": \"sigma\"", "\"mu\": \"mu\", \"sigma\": \"sigma\", \"width\": \"mu\"", "model[0].parameters.width", "is not a parameter of pdf gaussian"),
        ("\"tau\":   {\"value\": 4.0, \"min\": 0}", "\"tau\":   {\"value\": 4.0, \"min\": 0}, \"extra\": {\"value\": 1}", "parameters.extra", "not used"),
        ("\"mu\":    {\"value\": 5.0}", "\"mu\":    {\"value\": \"5\"}", "parameters.mu.value", "expected a number"),
        ("\"output\": \"results/seed-peak\"", "\"output\": \"results/seed-peak\", \"colour\": 1", "colour", "unknown field"),
        // Truth and starts inside every pdf's domain, starts off their limits.
        ("\"sigma\": {\"value\": 0.5, \"min\": 0}", "\"sigma\": {\"value\": 0}", "parameters.sigma.value", "sigma must be positive"),
        ("\"tau\":   {\"value\": 4.0, \"min\": 0}", "\"tau\":   {\"value\": -4.0}", "parameters.tau.value", "tau must be positive"),
        ("\"mu\":    {\"value\": 5.0}", "\"mu\":    {\"value\": 1000}", "parameters.mu.value", "integral over the range [1.0, 9.0] is 0.0"),
        ("\"sigma\": {\"value\": 0.5, \"min\": 0}", "\"sigma\": {\"value\": 0.5, \"min\": 0, \"start\": 0}", "parameters.sigma.start", "on the limit min"),
        ("\"mu\":    {\"value\": 5.0}", "\"mu\":    {\"value\": 5.0, \"max\": 6, \"start\": 6}", "parameters.mu.start", "on the limit max"),
        ("\"ns\":    {\"value\": 2000, \"min\": 0}", "\"ns\":    {\"value\": 0, \"min\": 0}", "parameters.ns.start", "on the limit min"),
        ("\"mu\":    {\"value\": 5.0}", "\"mu\":    {\"value\": 5.0, \"start\": 1000}", "parameters.mu.start", "integral over the range"),
        ("\"sigma\": {\"value\": 0.5, \"min\": 0}", "\"sigma\": {\"value\": 0.5, \"start\": -0.5}", "parameters.sigma.start", "sigma must be positive"),
        // Yields: expected event counts a toy can hold.
        ("\"ns\":    {\"value\": 2000, \"min\": 0}", "\"ns\":    {\"value\": -5}", "parameters.ns.value", "must be zero or positive"),
        ("\"ns\":    {\"value\": 2000, \"min\": 0}", "\"ns\":    {\"value\": 1e19, \"min\": 0}", "parameters.ns.value", "expected events per toy"),
        // Sizes and seeds.
        ("\"tolerance\": 0.1", "\"tolerance\": 0.1, \"bins\": 1000000000000000", "fit.bins", "more than the 1000000"),
        ("\"count\": 1000", "\"count\": 10000000000000000", "toys.count", "more than the 1000000000000000 toys"),
        ("\"seed\": 1", "\"seed\": -1", "toys.seed", "must be zero or positive"),
        ("\"seed\": 1", "\"seed\": 1.5", "toys.seed", "whole number"),
        ("\"seed\": 1", "\"seed\": 18446744073709551616", "toys.seed", "too large"),
        // Names.
        ("\"ns\":    {", "\"n s\":    {", "parameters.n s", "not an identifier"),
        ("\"ns\":    {", "\"n,s\":    {", "parameters.n,s", "not an identifier"),
        ("\"ns\":    {", "\"1ns\":    {", "parameters.1ns", "not an identifier"),
        ("\"name\": \"x\"", "\"name\": \"x\\\"y\"", "observable.name", "not an identifier"),
        ("\"name\": \"signal\"", "\"name\": \"sig-nal\"", "model[0].name", "not an identifier"),
        ("\"name\": \"seed-peak\"", "\"name\": \"seed peak\"", "name", "not a study name"),
        ("\"name\": \"seed-peak\"", "\"name\": \"../up\"", "name", "not a study name"),
        ("\"name\": \"seed-peak\"", "\"name\": \".hidden\"", "name", "not a study name"),
    ])
    func badFieldIsNamedWithTheFix(replace: String, with: String, field: String, words: String) throws {
        let text = seedPeakConfig.replacingOccurrences(of: replace, with: with)
        #expect(text != seedPeakConfig, "the test's replacement must change the config")
        let error = try #require(parseError(text))
        #expect(error.field == field)
        #expect(error.message.contains(words), "\(error)")
    }

    /// One component of `pdf` with yield nevents and a parameter per role (named after it, with the given fields).
    static func oneComponent(_ pdf: String, _ roles: [(String, String)], range: String = "\"min\": 1.0, \"max\": 9.0") -> String {
        let parameters = roles.map { "\"\($0.0)\": {\($0.1)}" }.joined(separator: ", ")
        let mapping = roles.map { "\"\($0.0)\": \"\($0.0)\"" }.joined(separator: ", ")
        return """
            {"name": "one", "observable": {"name": "x", \(range)},
             "parameters": {"nevents": {"value": 1000, "min": 0}, \(parameters)},
             "model": [{"name": "only", "pdf": "\(pdf)", "yield": "nevents", "parameters": {\(mapping)}}]}
            """
    }

    /// (pdf, roles, field the error must name, words the message must contain)
    static let domainCases: [(pdf: String, roles: [(String, String)], field: String, words: String)] = [
        ("crystal_ball", [("mu", "\"value\": 5"), ("sigma", "\"value\": 0.5"), ("alpha", "\"value\": 0"), ("n", "\"value\": 3")],
         "parameters.alpha.value", "alpha must not be 0"),
        ("crystal_ball", [("mu", "\"value\": 5"), ("sigma", "\"value\": 0.5"), ("alpha", "\"value\": 1.5"), ("n", "\"value\": 0")],
         "parameters.n.value", "n must be positive"),
        ("crystal_ball", [("mu", "\"value\": 5"), ("sigma", "\"value\": 0.5"), ("alpha", "\"value\": 1.5, \"start\": 0"), ("n", "\"value\": 3")],
         "parameters.alpha.start", "alpha must not be 0"),
        ("argus", [("m0", "\"value\": 0.5"), ("c", "\"value\": -2")], "parameters.m0.value", "m0 must be above the range's low end 1.0"),
        ("argus", [("m0", "\"value\": 9.5, \"start\": 1"), ("c", "\"value\": -2")], "parameters.m0.start", "m0 must be above"),
        ("chebyshev", [("c1", "\"value\": 3")], "parameters.c1.value", "is negative at x = 1.0"),
        ("chebyshev", [("c1", "\"value\": 0.2"), ("c2", "\"value\": 0.2, \"start\": 1.5")], "parameters.c2.start", "is negative"),
        // Each start alone keeps 1 + c1 T_1 + c2 T_2 >= 0.1; together they dip below 0 at t = -0.25: the first named.
        ("chebyshev", [("c1", "\"value\": 0, \"start\": 0.9"), ("c2", "\"value\": 0, \"start\": 0.9")], "parameters.c1.start", "is negative at x = "),
        ("breit_wigner", [("mean", "\"value\": 5"), ("width", "\"value\": -1")], "parameters.width.value", "width must be positive"),
    ]

    @Test(arguments: domainCases)
    func truthAndStartsAreInsideThePDFsDomain(pdf: String, roles: [(String, String)], field: String, words: String) throws {
        let error = try #require(parseError(Self.oneComponent(pdf, roles)))
        #expect(error.field == field)
        #expect(error.message.contains(words), "\(error)")
    }

    @Test func argusNeedsARangeAtOrAboveZero() throws {
        let roles = [("m0", "\"value\": 5.5"), ("c", "\"value\": -2")]
        #expect(try StudyConfig.parse(Self.oneComponent("argus", roles, range: "\"min\": 0, \"max\": 5")).model[0].pdf == .library(.argus))
        let error = try #require(parseError(Self.oneComponent("argus", roles, range: "\"min\": -1, \"max\": 5")))
        #expect(error.field == "parameters.m0.value" && error.message.contains("negative below x = 0"), "\(error)")
    }

    /// What is allowed stays allowed: a fixed parameter on its limit (the transform is not used), a Chebyshev
    /// that touches zero at an end, a Crystal Ball tail on the high side, hyphens and dots in a study name.
    @Test func boundaryCasesThatAreDensitiesAreAccepted() throws {
        let fixedOnLimit = seedPeakConfig.replacingOccurrences(of: "\"ns\":    {\"value\": 2000, \"min\": 0}",
                                                               with: "\"ns\":    {\"value\": 0, \"min\": 0, \"fixed\": true}")
        #expect(try StudyConfig.parse(fixedOnLimit).parameters[0].fixed)
        #expect(try StudyConfig.parse(Self.oneComponent("chebyshev", [("c1", "\"value\": 1")])).model.count == 1)
        let highTail = [("mu", "\"value\": 5"), ("sigma", "\"value\": 0.5"), ("alpha", "\"value\": -1.5"), ("n", "\"value\": 3")]
        #expect(try StudyConfig.parse(Self.oneComponent("crystal_ball", highTail)).parameters.count == 5)
        let named = seedPeakConfig.replacingOccurrences(of: "\"name\": \"seed-peak\"", with: "\"name\": \"seed-peak_2.v3\"")
        #expect(try StudyConfig.parse(named).name == "seed-peak_2.v3")
    }

    /// A seed uses all 64 bits: parsed exactly, written exactly into study.json, and two seeds that one Double
    /// cannot tell apart (2^53 and 2^53 + 1) give different study.json texts, so resume and merge tell them apart.
    @Test func seedsAreExactIntegers() throws {
        let largest = seedPeakConfig.replacingOccurrences(of: "\"seed\": 1", with: "\"seed\": 18446744073709551615")
        let config = try StudyConfig.parse(largest)
        #expect(config.toys.seed == UInt64.max)
        #expect(config.json.serialized(indent: 2).contains("\"seed\": 18446744073709551615"))
        #expect(try StudyConfig.parse(config.json.serialized(indent: 2)) == config)
        let texts = try ["9007199254740992", "9007199254740993"].map { seed in
            ResultDirectory.studyText(try StudyConfig.parse(seedPeakConfig.replacingOccurrences(of: "\"seed\": 1", with: "\"seed\": \(seed)")))
        }
        #expect(texts[0] != texts[1])
        #expect(texts[1].contains("\"seed\": 9007199254740993"))
    }

    @Test func seedFlagIsReadExactly() throws {
        #expect(try StudyConfig.seed(parsing: "18446744073709551615", field: "--seed") == UInt64.max)
        #expect(try StudyConfig.seed(parsing: "9007199254740993", field: "--seed") == 9_007_199_254_740_993)
        for (text, words) in [("-1", "must be zero or positive"), ("18446744073709551616", "too large"), ("1.5", "whole number"), ("", "whole number")] {
            do {
                _ = try StudyConfig.seed(parsing: text, field: "--seed")
                Issue.record("--seed \(text) must be refused")
            } catch {
                #expect(error.field == "--seed" && error.message.contains(words), "\(text): \(error)")
            }
        }
    }

    /// Parsing and validating is linear in the file: 200,000 parameters, components and MINOS names (22 MB),
    /// where any step that compares every name with every other would take minutes.
    @Test func aTwentyMegabyteConfigValidatesInSeconds() throws {
        let n = 200_000
        var text = "{\"name\": \"big\", \"observable\": {\"name\": \"x\", \"min\": 0, \"max\": 1}, \"parameters\": {"
        text += (0..<n).map { "\"p\($0)\": {\"value\": 1, \"min\": 0, \"max\": 10}" }.joined(separator: ", ")
        text += "}, \"model\": ["
        text += (0..<n).map { "{\"name\": \"c\($0)\", \"pdf\": \"uniform\", \"yield\": \"p\($0)\"}" }.joined(separator: ", ")
        text += "], \"fit\": {\"minos\": [" + (0..<n).map { "\"p\($0)\"" }.joined(separator: ", ") + "]}}"
        #expect(text.utf8.count > 20_000_000)
        let start = threadCPUSeconds()
        let config = try StudyConfig.parse(text)
        let seconds = threadCPUSeconds() - start
        #expect(config.parameters.count == n && config.model.count == n && config.fit.minos.count == n)
        #expect(seconds < 10, "\(seconds) s of CPU")
    }

    @Test func invalidJSONNamesLineAndColumn() throws {
        let error = try #require(parseError("{\n  \"name\": \"a\",\n  \"observable\": {\"name\": x}\n}"))
        #expect(error.description.contains("line 3, column 26"), "\(error)")
    }

    @Test func chebyshevTakesAPrefixOfCoefficients() throws {
        let base = seedPeakConfig
            .replacingOccurrences(of: "\"pdf\": \"exponential\", \"yield\": \"nb\", \"parameters\": {\"tau\": \"tau\"}",
                                  with: "\"pdf\": \"chebyshev\", \"yield\": \"nb\", \"parameters\": {\"c1\": \"tau\"}")
            .replacingOccurrences(of: "\"tau\":   {\"value\": 4.0, \"min\": 0}", with: "\"tau\":   {\"value\": 0.4}")
        #expect(try StudyConfig.parse(base).model[1].parameters.map(\.role) == ["c1"])
        let gap = base.replacingOccurrences(of: "{\"c1\": \"tau\"}", with: "{\"c2\": \"tau\"}")
        let error = try #require(parseError(gap))
        #expect(error.field == "model[1].parameters.c1")
    }

    @Test func loadNamesAMissingFile() throws {
        do {
            _ = try StudyConfig.load(path: "/nonexistent/study.json")
            Issue.record("a missing file must be an error")
        } catch {
            #expect(error.field == "--config")
            #expect(error.message.contains("does not exist"))
        }
    }

    @Test func effectiveConfigRoundTripsThroughStudyJSON() throws {
        let config = try StudyConfig.parse(seedPeakConfig.replacingOccurrences(of: "\"tolerance\": 0.1", with: "\"tolerance\": 0.1, \"minos\": [\"mu\"]"))
        let again = try StudyConfig.parse(config.json.serialized(indent: 2))
        #expect(again == config)
    }
}

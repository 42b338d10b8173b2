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
    ])
    func badFieldIsNamedWithTheFix(replace: String, with: String, field: String, words: String) throws {
        let text = seedPeakConfig.replacingOccurrences(of: replace, with: with)
        #expect(text != seedPeakConfig, "the test's replacement must change the config")
        let error = try #require(parseError(text))
        #expect(error.field == field)
        #expect(error.message.contains(words), "\(error)")
    }

    @Test func invalidJSONNamesLineAndColumn() throws {
        let error = try #require(parseError("{\n  \"name\": \"a\",\n  \"observable\": {\"name\": x}\n}"))
        #expect(error.description.contains("line 3, column 26"), "\(error)")
    }

    @Test func chebyshevTakesAPrefixOfCoefficients() throws {
        let base = seedPeakConfig
            .replacingOccurrences(of: "\"pdf\": \"exponential\", \"yield\": \"nb\", \"parameters\": {\"tau\": \"tau\"}",
                                  with: "\"pdf\": \"chebyshev\", \"yield\": \"nb\", \"parameters\": {\"c1\": \"tau\"}")
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

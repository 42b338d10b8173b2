import Foundation
import Testing
@testable import Study

/// A Gaussian peak on a flat background whose width has an external measurement: sigma = 0.8 +- 0.05.
let constrainedConfig = """
    {"name": "constrained", "observable": {"name": "m", "min": 0, "max": 10},
     "parameters": {"ns": {"value": 150, "min": 0}, "nb": {"value": 400, "min": 0},
                    "mu": {"value": 5}, "sigma": {"value": 0.8, "min": 0.05, "constraint": {"sigma": 0.05}}},
     "model": [{"name": "peak", "pdf": "gaussian", "yield": "ns", "parameters": {"mu": "mu", "sigma": "sigma"}},
               {"name": "flat", "pdf": "uniform", "yield": "nb"}],
     "toys": {"count": 300, "seed": 11}}
    """

@Suite struct ConstraintTests {
    @Test func constraintIsParsedWithTheTruthAsDefaultMean() throws {
        let config = try StudyConfig.parse(constrainedConfig)
        #expect(config.parameters[3].constraint == .init(mean: 0.8, sigma: 0.05))
        #expect(try StudyConfig.parse(config.json.serialized(indent: 2)) == config)
        let fixed = constrainedConfig.replacingOccurrences(of: "\"min\": 0.05, \"constraint\"", with: "\"fixed\": true, \"constraint\"")
        #expect(parseError(fixed)?.field == "parameters.sigma.constraint")
        let zero = constrainedConfig.replacingOccurrences(of: "{\"sigma\": 0.05}", with: "{\"sigma\": 0}")
        #expect(parseError(zero)?.field == "parameters.sigma.constraint.sigma")
    }

    /// Each toy draws its own measured mean around the truth, so the constrained width's pulls are standard
    /// normal: over 300 toys the pull mean's standard error is 0.058 and the width's 0.041; bounds are 4 of them.
    @Test func constrainedParameterHasStandardNormalPulls() throws {
        let study = StudyModel(config: try StudyConfig.parse(constrainedConfig))
        let runner = PullExperiment(study: study, seed: 11)
        let toys = (0..<300).map { runner.runToy($0) }
        let summary = StudySummary(study: study, results: toys)
        #expect(summary.valid >= 297)
        let sigma = try #require(summary.parameters.first { $0.name == "sigma" })
        #expect(abs(sigma.pullMean) < 4 * 0.058, "pull mean \(sigma.pullMean)")
        #expect(abs(sigma.pullWidth - 1) < 4 * 0.041, "pull width \(sigma.pullWidth)")
        // The constraint dominates: the fitted error is below the external one.
        let errors = toys.filter(\.isValid).map { $0.errors[3] }
        #expect(errors.reduce(0, +) / Double(errors.count) < 0.05)
        // Toys measure different means; the fit of `toystudy fit` uses the configured one.
        let means = (0..<3).map { study.generate(toy: $0, seed: 11).constraintMeans[0] }
        #expect(Set(means).count == 3 && means.allSatisfy { abs($0 - 0.8) < 0.25 })
    }
}

import Foundation
import Testing
@testable import Study

/// The example studies of jobs/examples that use channels, several observables, templates and another
/// generation model: one toy of each, fitted as every toy is, must sit at the minimum of `ReferenceNLL` (no
/// code shared with the product: scalar Float80 formulas, Simpson normalisation) with the same NLL value there.
@Suite struct ExampleFitTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("jobs/examples")

    static func study(_ name: String) throws -> StudyModel {
        StudyModel(config: try StudyConfig.load(path: examples.appendingPathComponent("\(name).json").path))
    }

    @Test(arguments: ["systematic-cb-chebyshev", "two-channel", "two-channel-systematic", "mass-time", "template"])
    func fitIsTheReferenceMinimum(name: String) throws {
        let study = try Self.study(name)
        let data = study.generate(toy: 3, seed: study.config.toys.seed)
        try Self.expectReferenceMinimum(name, fitting: data, with: study)
    }

    /// The systematic examples' alternatives (Gaussian + Chebyshev; in the signal region of the two-channel one,
    /// whose control region keeps its exponential) fit the same toy as the main fit does.
    @Test(arguments: [("systematic-cb-chebyshev", "chebyshev", ["nsig", "nbkg", "mean", "width", "c1", "c2"]),
                      ("two-channel-systematic", "linear", ["nsig", "nbkg_sr", "nbkg_cr", "mean", "width", "tau", "c1"])])
    func alternativeFitIsTheReferenceMinimum(name: String, alternativeName: String, parameters: [String]) throws {
        let study = try Self.study(name)
        let alternative = try #require(study.config.alternatives.first)
        #expect(alternative.name == alternativeName && alternative.config.parameters.map(\.name) == parameters)
        #expect(alternative.config.channels.map(\.name) == study.config.channels.map(\.name))
        let data = study.generate(toy: 3, seed: study.config.toys.seed)
        try Self.expectReferenceMinimum(alternativeName, fitting: data, with: StudyModel(config: alternative.config))
    }

    /// The two-channel systematic example generates its signal region's background from a Chebyshev
    /// (1 - 0.3 u, u the mass mapped to [-1, 1], so the mean u is -0.3/3) and its control region from the fit's
    /// exponential (tau 0.5 on [5, 5.6]: a mean u of -0.16); the alternative replaces the signal region's model
    /// alone.
    @Test func channelsGenerateWithTheirGenerationModels() throws {
        let study = try Self.study("two-channel-systematic")
        #expect(study.generation.map { $0.components.map { $0.factors[0].pdf.name } } == [["gaussian", "chebyshev"], ["exponential"]])
        let alternative = try #require(study.config.alternatives.first)
        #expect(alternative.config.channels[1].model == study.config.channels[1].model)
        #expect(alternative.config.channels[0].model[1].factors[0].pdf.name == "chebyshev")
        let data = study.generate(toy: 0, seed: 1)
        let u = data.dataset.channels[0][0].suffix(data.channels[0].counts[1]).map { (2 * $0 - 10.6) / 0.6 }
        let mean = u.reduce(0, +) / Double(u.count)
        #expect(abs(mean - -0.1) < 5 * 0.58 / Double(u.count).squareRoot(), "mean u \(mean)")
    }

    static func expectReferenceMinimum(_ name: String, fitting data: ToyData, with study: StudyModel) throws {
        let fit = DatasetFitter(study: study).fit(data.dataset, constraintMeans: data.constraintMeans)
        #expect(fit.isValid)
        let reference = ReferenceNLL(config: study.config, channels: data.dataset.channels)
        let value = reference(fit.values)
        // Simpson's relative error on the normalisations is ~1e-10, summed over thousands of events.
        #expect(abs(value - fit.fval) < 1e-9 * abs(fit.fval) + 1e-6, "\(name): reference \(value), fit \(fit.fval)")
        // The reference's slope along each parameter, times its error: at a minimum (EDM ~1e-4) about 0.01.
        for i in study.config.freeParameterIndices {
            let step = 1e-3 * fit.errors[i]
            var up = fit.values, down = fit.values
            up[i] += step
            down[i] -= step
            let slope = (reference(up) - reference(down)) / (2 * step)
            #expect(abs(slope * fit.errors[i]) < 0.05, "\(name): \(study.config.parameters[i].name) slope x error \(slope * fit.errors[i])")
        }
    }

    /// Toys of the systematic example come from the Crystal Ball + Chebyshev it generates with: their events
    /// follow that model, not the Gaussian + exponential fit (whose tau is far from its nominal value in fits).
    @Test func systematicToysComeFromTheGenerationModel() throws {
        let study = try Self.study("systematic-cb-chebyshev")
        #expect(study.generation[0].components.map { $0.factors[0].pdf.name } == ["crystal_ball", "chebyshev"])
        #expect(study.generationTruth.count == study.truth.count + 4)
        #expect(study.eventColumns == ["events_signal", "events_background"])
        let data = study.generate(toy: 0, seed: 1)
        // Chebyshev 1 - 0.25 u + 0.05 T2 on [2.9, 3.3]: mean of u = -0.25/3 / (1 - 0.05/3); the exponential the
        // fit model would generate (tau 1.5) has a mean u of -0.0178.
        let u = data.dataset.channels[0][0].suffix(data.channels[0].counts[1]).map { (2 * $0 - 6.2) / 0.4 }
        let mean = u.reduce(0, +) / Double(u.count), expected = (-0.25 / 3) / (1 - 0.05 / 3)
        #expect(abs(mean - expected) < 5 * 0.58 / Double(u.count).squareRoot(), "mean u \(mean)")
    }

    /// A hypothesis test's toys are drawn under the hypothesis the fit model states, whatever `generate` says:
    /// in the systematic example's background-only toys the background follows the fit's exponential at the
    /// toys' tau (mean u from its closed form), not the Chebyshev of `generate` (mean u -0.0847), and there is no
    /// signal.
    @Test func hypothesisToysComeFromTheFitModel() throws {
        let study = try Self.study("systematic-cb-chebyshev")
        let test = try HypothesisTest.prepare(.significance, study: study, poi: "nsig", scan: [], cl: 0.6827, toys: 10, data: nil)
        let experiment = HypothesisExperiment(test: test, study: study)
        var u: [Double] = []
        for key in 0..<10 {
            let data = experiment.toyData(task: key)
            #expect(data.channels[0].counts[0] == 0, "no signal under nsig = 0")
            u += data.dataset.channels[0][0].map { (2 * $0 - 6.2) / 0.4 }
        }
        let tau = experiment.task(0).generation[4], (a, b) = (2.9, 3.3)
        let meanX = tau + (a * exp(-a / tau) - b * exp(-b / tau)) / (exp(-a / tau) - exp(-b / tau))
        let expected = (2 * meanX - 6.2) / 0.4, mean = u.reduce(0, +) / Double(u.count)
        let error = 0.58 / Double(u.count).squareRoot()
        #expect(abs(mean - expected) < 5 * error, "mean u \(mean), exponential of tau \(tau): \(expected)")
        #expect(abs(mean - -0.0847) > 10 * error, "not the generation model's Chebyshev")
    }

    @Test func channelsGenerateEveryChannelAndNameTheirColumns() throws {
        let study = try Self.study("two-channel")
        #expect(study.eventColumns == ["events_signal_region_signal", "events_signal_region_background", "events_control_background"])
        let data = study.generate(toy: 0, seed: 1)
        #expect(data.channels.count == 2 && data.componentCounts.count == 3)
        #expect(data.dataset.eventCount == data.componentCounts.reduce(0, +))
        let again = study.generate(toy: 0, seed: 1)
        #expect(again.dataset.channels == data.dataset.channels)
    }
}

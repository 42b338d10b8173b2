import Foundation
import Likelihood
import Minimizer
import Testing
@testable import Study

/// The four ways fits used to be called valid with wrong errors (Tests/Fixtures/fit-truth), each as the user met
/// it: now either valid with the errors of the true curvature, or invalid with its reason.
@Suite struct FitTruthCaseTests {
    /// The pull width of `parameter` over the valid toys of the first `toys` toys, with the summary's error.
    static func pullWidth(_ study: StudyModel, toys: Int, parameter: String) -> (width: Double, error: Double, valid: Int) {
        let runner = PullExperiment(study: study, seed: study.config.toys.seed)
        let summary = StudySummary(study: study, results: (0..<toys).map { runner.runToy($0) })
        let p = summary.parameters.first { $0.name == parameter }!
        return (p.pullWidth, p.pullWidthError, summary.valid)
    }

    /// A Crystal Ball tail the data hardly constrain: toy 8 (generator version 1, kept as a fixture: the issue's
    /// dataset) stopped where the NLL is concave in alpha, and Minuit's forced matrix gave nsig +-0.99 (HESSE at
    /// the minimum: +-51), MINOS the same.
    @Test func looseTailToyEightHasTheErrorsOfItsMinimum() throws {
        let study = try FitTruth.study("cb-loose-tail")
        let events = try DatasetCSV.read(path: FitTruth.directory.appendingPathComponent("cb-loose-tail-toy8.csv").path,
                                         column: "mass")
        #expect(events.count == 5905)
        let fit = DatasetFitter(study: study).fit(events)
        #expect(fit.isValid, "\(fit.failureReason ?? "")")
        let nsig = 0
        let discrepancy = try #require(FitTruth.errorDiscrepancy(
            fit, ReferenceNLL(config: study.config, events: events), free: FitTruth.constrained(fit, study),
            compared: FitTruth.constrained(fit, study)))
        #expect(discrepancy < 0.02)
        #expect(fit.errors[nsig] > 40, "nsig error \(fit.errors[nsig])")
        let minos = try #require(fit.minos[nsig])
        #expect(minos.isValid && -minos.lower > 0.8 * fit.errors[nsig] && minos.upper > 0.8 * fit.errors[nsig])
    }

    /// Every MINOS end reported valid is a real crossing: there the independent NLL with the other parameters
    /// held at the minimum has risen by at least 0.5 (the profile, which is at most that, has risen by exactly
    /// 0.5). Toy 1088 had a profile fit fail unnoticed: nsig +5.8 for a HESSE error of 114, a pull of -18.6.
    @Test func minosEndsAreRealCrossings() throws {
        let study = try FitTruth.study("cb-loose-tail")
        let nsig = 0
        for toy in 1084..<1092 {
            let (fit, events) = FitTruth.fit(study, toy: toy)
            guard fit.isValid, let minos = fit.minos[nsig] else { continue }
            let reference = ReferenceNLL(config: study.config, events: events)
            for (valid, offset) in [(minos.isLowerValid, minos.lower), (minos.isUpperValid, minos.upper)] where valid {
                var x = fit.values
                x[nsig] += offset
                #expect(reference(x) - reference(fit.values) >= 0.45, "toy \(toy): MINOS end \(offset)")
            }
            #expect(minos.isValid || ToyStatus(fit, minosRequested: true).label.contains("minos_failed"))
        }
    }

    /// Over many toys of that study a handful of such fits made the nsig pull width 4 to 9.
    @Test func looseTailPullWidthIsNearOne() throws {
        let study = try FitTruth.study("cb-loose-tail")
        let (width, error, valid) = Self.pullWidth(study, toys: 300, parameter: "nsig")
        #expect(valid >= 280)
        // About 1.03 expected (MINOS pulls of a yield); 4 standard errors either side.
        #expect(abs(width - 1.03) < 4 * error, "nsig pull width \(width) +- \(error)")
    }

    /// Five signal events: MIGRAD failed on every retry (EDM up to 3e4) in some toys, and HESSE made them valid;
    /// one alone made the nb pull width 381.
    @Test func tinySignalKeepsMigradsVerdict() throws {
        let study = try FitTruth.study("tiny-signal")
        let runner = PullExperiment(study: study, seed: study.config.toys.seed)
        let results = (0..<400).map { runner.runToy($0) }
        // A valid fit converged: EDM at most Minuit's maximum, 10 * 0.002 * tolerance * up.
        let maximumEdm = 10 * 0.002 * study.config.fit.tolerance * 0.5
        for result in results where result.isValid {
            #expect(result.edm <= maximumEdm, "toy \(result.toy): valid with EDM \(result.edm)")
        }
        let summary = StudySummary(study: study, results: results)
        let nb = summary.parameters.first { $0.name == "nb" }!
        #expect(summary.valid >= 360, "\(summary.valid) valid: \(summary.statusCounts)")
        #expect(abs(nb.pullWidth - 1) < 4 * nb.pullWidthError, "nb pull width \(nb.pullWidth)")
    }

    /// A fit from where a pdf is outside its domain (a mean 1000 on [1, 9], a width starting on its limit 0)
    /// used to stay on the likelihood's penalty, unchanged, EDM 0, and be called ok. Validation refuses such
    /// starts now; the fit itself must not call such a point a minimum either.
    @Test(arguments: [("mu", 1000.0), ("sigma", 0.0)])
    func aMinimumOnThePenaltyIsNeverValid(parameter: String, start: Double) throws {
        let study = try FitTruth.study("tiny-signal")
        var parameters = study.fitParameters
        let index = study.config.parameters.firstIndex { $0.name == parameter }!
        parameters[index].value = start
        let settings = MinimizerSettings(errorDefinition: 0.5)
        for toy in 0..<20 {
            let data = study.generate(toy: toy, seed: study.config.toys.seed)
            let nll = DatasetFitter(study: study).likelihood(for: data.dataset)
            var minuit = Minuit(objective: LikelihoodObjective(nll: nll, providesGradient: true), parameters: parameters,
                                settings: settings)
            minuit.migrad()
            let fit = minuit.hesse()
            #expect(!fit.isValid || nll.isInDomain(fit.values), "toy \(toy): valid at \(fit.values)")
            if !nll.isInDomain(fit.values) {
                #expect(fit.isOutsideDomain && ToyStatus(fit, minosRequested: false).label.contains("outside_domain"))
            }
        }
    }

    /// The signal yield fixed at 0 leaves its mean and width unconstrained: every error came out 1.41 (the
    /// forced matrix), nb +-1.41 where it is +-32.3, for any data.
    @Test func unconstrainedShapeParametersHaveNoErrorAndTheOthersTheirOwn() throws {
        let study = try FitTruth.study("unconstrained-shape")
        let nb = 1, mu = 2, sigma = 3
        for toy in 0..<5 {
            let (fit, events) = FitTruth.fit(study, toy: toy)
            #expect(fit.isValid && fit.hasSingularHessian)
            #expect(fit.errors[mu].isNaN && fit.errors[sigma].isNaN && fit.isUnconstrained[mu] && fit.isUnconstrained[sigma])
            #expect(ToyStatus(fit, minosRequested: false).label == "singular_hessian")
            let free = FitTruth.constrained(fit, study)
            #expect(free == [nb, 4])
            let discrepancy = try #require(FitTruth.errorDiscrepancy(
                fit, ReferenceNLL(config: study.config, events: events), free: free, compared: free))
            #expect(discrepancy < 0.02 && abs(fit.errors[nb] / fit.values[nb].squareRoot() - 1) < 0.05)
        }
        // No events: nothing constrains the shapes; the yield goes to its limit.
        let empty = DatasetFitter(study: study).fit([])
        let shapeErrorsUndefined = empty.errors[2...].allSatisfy { $0.isNaN }
        #expect(shapeErrorsUndefined, "errors \(empty.errors)")
        // A million uniform events: nb is their count, +- its square root.
        var rng = ToyStream(seed: 11, toy: 0)
        let uniform = (0..<1_000_000).map { _ in Double.random(in: 1..<9, using: &rng) }
        let many = DatasetFitter(study: study).fit(uniform)
        #expect(many.errors[mu].isNaN && many.errors[sigma].isNaN)
        #expect(!many.isValid || abs(many.errors[nb] / 1000 - 1) < 0.02, "nb error \(many.errors[nb])")
    }
}

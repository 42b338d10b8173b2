import Foundation
import Testing
@testable import Likelihood

/// The analytic Hessian against finite differences of the analytic gradient and of values (`HessianSupport`),
/// at the truth and at points away from the minimum, for every pdf, the seed data, the binned NLL, shared
/// parameters and constraints.
@Suite struct HessianTests {
    static func expectAgreement(_ nll: NegativeLogLikelihood, at p: [Double], _ label: String) {
        let (gradients, values, consistent) = nll.hessianRatios(at: p, label: label)
        #expect(consistent, "\(label): value and gradient of the Hessian call differ from valueAndGradient")
        #expect(gradients <= 1, "\(label): worst ratio \(gradients) against gradient differences")
        #expect(values <= 1, "\(label): worst ratio \(values) against value differences")
    }

    /// The data without the events within 0.05 sigma of a Crystal Ball's core-tail junction at `p` (shape at
    /// p[2...]), others unchanged. The NLL's second derivative jumps where an event crosses the junction, so a
    /// finite-difference stencil that moves the junction past an event measures a mixture of two curvatures (an
    /// event 3e-5 sigma from it did, in the high-tail case): away from such events both references are exact.
    static func clearOfJunction(_ data: [Double], _ c: PDFCase, at p: [Double]) -> [Double] {
        guard c.kind == .crystalBall else { return data }
        let mu = p[2], sigma = p[3], alpha = p[4]
        return data.filter { abs((alpha < 0 ? -1 : 1) * ($0 - mu) / sigma + abs(alpha)) > 0.05 }
    }

    static func unbinned(_ c: PDFCase, _ data: [Double], at p: [Double]) -> UnbinnedNLL {
        UnbinnedNLL(model: c.model, data: clearOfJunction(data, c, at: p))
    }

    @Test(arguments: PDFCase.all)
    func unbinnedMatchesFiniteDifferences(_ c: PDFCase) {
        var rng = SplitMix64(seed: 21)
        let data = c.model.generate(parameters: c.truth, using: &rng)
        Self.expectAgreement(Self.unbinned(c, data, at: c.truth), at: c.truth, "\(c.testDescription) truth")
        for k in 0..<2 {
            let p = c.randomPoint(&rng)
            Self.expectAgreement(Self.unbinned(c, data, at: p), at: p, "\(c.testDescription) point \(k)")
        }
    }

    @Test(arguments: PDFCase.all)
    func binnedMatchesFiniteDifferences(_ c: PDFCase) {
        var rng = SplitMix64(seed: 23)
        let data = c.model.generate(parameters: c.truth, using: &rng)
        let nll = BinnedNLL(model: c.model, data: data, bins: 30)
        Self.expectAgreement(nll, at: c.truth, "binned \(c.testDescription) truth")
        Self.expectAgreement(nll, at: c.randomPoint(&rng), "binned \(c.testDescription) point")
    }

    /// The whole seed dataset (15542 events, 16 blocks) at iminuit's start, near the minimum and far from it;
    /// also with two worker threads, which must give the same bits.
    @Test func seedDataset() {
        let nll = UnbinnedNLL(model: SeedPeak.model, data: SeedPeak.data)
        for p in [SeedPeak.start, [1973.1, 13568.9, 5.0211, 0.47946, 4.1147], [1200, 16000, 5.4, 0.8, 2.5]] {
            Self.expectAgreement(nll, at: p, "seed")
        }
        let pool = WorkerPool(threads: 2)
        let threaded = UnbinnedNLL(model: SeedPeak.model, data: SeedPeak.data, pool: pool)
        #expect(threaded.checkedHessian(at: SeedPeak.start).hessian == nll.checkedHessian(at: SeedPeak.start).hessian)
        let binned = BinnedNLL(model: SeedPeak.model, data: SeedPeak.data, bins: 50)
        Self.expectAgreement(binned, at: SeedPeak.start, "seed binned")
    }

    /// Parameters shared between components and between roles of one component, and Gaussian constraints:
    /// a Gaussian and a Crystal Ball with one mean, the Gaussian's width also the Breit-Wigner's width, on an
    /// exponential; sigma constrained.
    static let shared = Model(range: ObservableRange(lower: 0, upper: 10), parameterCount: 10, components: [
        Component(name: "core", kind: .gaussian, yieldIndex: 0, shapeIndices: [3, 4]),
        Component(name: "tailed", kind: .crystalBall, yieldIndex: 1, shapeIndices: [3, 5, 6, 7]),
        Component(name: "wide", kind: .breitWigner, yieldIndex: 2, shapeIndices: [8, 4]),
        Component(name: "background", kind: .exponential, yieldIndex: 9, shapeIndices: [4]),
    ], constraints: [GaussianConstraint(parameterIndex: 4, mean: 0.9, sigma: 0.05),
                     GaussianConstraint(parameterIndex: 6, mean: 1.5, sigma: 0.3)])
    static let sharedTruth = [300.0, 200, 100, 5, 0.8, 1.1, 1.4, 3, 6, 400]

    @Test func sharedParametersAndConstraints() {
        var rng = SplitMix64(seed: 29)
        let data = Self.shared.generate(parameters: Self.sharedTruth, using: &rng)
        let unbinned = UnbinnedNLL(model: Self.shared, data: data), binned = BinnedNLL(model: Self.shared, data: data, bins: 40)
        let away = [250.0, 260, 80, 5.2, 0.7, 1.3, 1.2, 2.5, 6.3, 420]
        for p in [Self.sharedTruth, away] {
            Self.expectAgreement(unbinned, at: p, "shared unbinned")
            Self.expectAgreement(binned, at: p, "shared binned")
        }
    }

    /// Parameters the data hardly constrain: a Crystal Ball whose tail starts 2.5 sigma out (a handful of tail
    /// events decide alpha and n) and a Chebyshev background with small coefficients.
    @Test(arguments: [
        PDFCase(kind: .crystalBall, range: PDFCase.unit, shape: [5, 1, 2.5, 3], spread: [0.2, 0.1, 0.5, 1], note: "few tail events"),
        PDFCase(kind: .crystalBall, range: PDFCase.unit, shape: [5, 1, -2.8, 20], spread: [0.2, 0.1, 0.3, 5], note: "far high tail, large n"),
        PDFCase(kind: .chebyshev, range: PDFCase.unit, shape: [0.02, -0.01], spread: [0.01, 0.01], note: "small coefficients"),
    ])
    func weaklyConstrained(_ c: PDFCase) {
        var rng = SplitMix64(seed: 31)
        let data = c.model.generate(parameters: c.truth, using: &rng)
        Self.expectAgreement(Self.unbinned(c, data, at: c.truth), at: c.truth, "\(c.testDescription) truth")
        let p = c.randomPoint(&rng)
        Self.expectAgreement(Self.unbinned(c, data, at: p), at: p, "\(c.testDescription) point")
        Self.expectAgreement(BinnedNLL(model: c.model, data: data, bins: 25), at: c.truth, "binned \(c.testDescription)")
    }

    /// A negative signal yield makes the density negative under the peak only: those events count through the
    /// penalty, linear in L (its Hessian is -slope Hess L, without the outer product), the others as -log L. Also
    /// binned, where whole bins are penalised.
    @Test func negativeDensityPenaltyMatchesFiniteDifferences() {
        let p = [-5000.0, 20000, 5, 0.5, 4]
        Self.expectAgreement(UnbinnedNLL(model: SeedPeak.model, data: SeedPeak.data), at: p, "negative density")
        Self.expectAgreement(BinnedNLL(model: SeedPeak.model, data: SeedPeak.data, bins: 40), at: p, "negative density binned")
    }

    /// Without events only the constraints curve the NLL.
    @Test func emptyDataLeavesTheConstraints() {
        let (h, consistent) = UnbinnedNLL(model: Self.shared, data: []).checkedHessian(at: Self.sharedTruth)
        let expected = (0..<100).map { $0 == 44 ? 1 / (0.05 * 0.05) : $0 == 66 ? 1 / (0.3 * 0.3) : 0 }
        #expect(consistent && zip(h, expected).allSatisfy { abs($0 - $1) <= 1e-9 * abs($1) })
    }

    /// Outside the domain the value is the linear penalty: gradient as before, Hessian zero.
    @Test func outsideDomainPenaltyHasNoCurvature() {
        let nll = UnbinnedNLL(model: SeedPeak.model, data: SeedPeak.data)
        let p = [2000, 20000, 5, -0.5, 4.0]
        let (h, consistent) = nll.checkedHessian(at: p)
        #expect(consistent && h.allSatisfy { $0 == 0 } && h.count == 25)
    }
}

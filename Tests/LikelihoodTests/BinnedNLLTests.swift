import Foundation
import Testing
@testable import Likelihood

@Suite struct BinnedNLLTests {
    /// The binned value written out by hand from the model's own bin integrals (simple midpoint-free check):
    /// sum_b mu_b - n_b log mu_b + n_b log n_b - n_b.
    @Test func valueMatchesDefinition() {
        let model = SeedPeak.model, bins = 40
        let nll = BinnedNLL(model: model, data: SeedPeak.data, bins: bins)
        let p = SeedPeak.start
        var expected = 0.0
        for b in 0..<bins {
            let lo = 1 + 8 * Double(b) / Double(bins), hi = 1 + 8 * Double(b + 1) / Double(bins)
            let n = Double(SeedPeak.data.filter { $0 >= lo && (b == bins - 1 ? $0 <= hi : $0 < hi) }.count)
            let mu = simpson(lo, hi, intervals: 100) { model.density(at: $0, parameters: p) }
            expected += mu - n * log(mu) + (n > 0 ? n * log(n) - n : 0)
        }
        #expect(abs(nll.value(p) - expected) < 1e-7 * abs(expected))
    }

    /// At the unbinned best fit, the saturated-model constant makes the binned value about chi2/2 ~ bins/2.
    @Test func saturatedConstantMakesChi2Scale() {
        let nll = BinnedNLL(model: SeedPeak.model, data: SeedPeak.data, bins: 50)
        let value = nll.value([1973.1, 13568.9, 5.0211, 0.47946, 4.1147])
        #expect(value > 5 && value < 60)
    }

    @Test(arguments: PDFCase.all)
    func gradientMatchesFiniteDifferences(_ c: PDFCase) {
        var rng = SplitMix64(seed: 13)
        let data = c.model.generate(parameters: c.truth, using: &rng)
        let nll = BinnedNLL(model: c.model, data: data, bins: 30)
        for _ in 0..<2 { #expect(gradientsAgree(nll, at: c.randomPoint(&rng))) }
    }

    /// A negative yield makes every bin's expectation negative: finite, and far worse than a valid point.
    @Test func negativeExpectationIsPenalised() {
        let nll = BinnedNLL(model: DomainTests.chebyshev, data: DomainTests.data, bins: 20)
        let valid = DomainTests.finite(nll, [300, 0.2]).value
        let bad = DomainTests.finite(nll, [-300, 0.2]).value
        #expect(bad > valid + 1000 && bad < ParameterPoint.outsideDomainValue)
    }

    /// Gaussian constraints add 0.5 pull^2 and pull/sigma, in both NLLs.
    @Test func constraintsAddPullSquared() {
        let plain = SeedPeak.model
        let constrained = Model(range: plain.range, parameterCount: 5, components: plain.components,
                                constraints: [GaussianConstraint(parameterIndex: 3, mean: 0.45, sigma: 0.02)])
        let p = SeedPeak.start
        let pairs: [(NegativeLogLikelihood, NegativeLogLikelihood)] = [
            (UnbinnedNLL(model: plain, data: SeedPeak.data), UnbinnedNLL(model: constrained, data: SeedPeak.data)),
            (BinnedNLL(model: plain, data: SeedPeak.data, bins: 20), BinnedNLL(model: constrained, data: SeedPeak.data, bins: 20)),
        ]
        for (without, with) in pairs {
            var g0 = [Double](), g1 = [Double]()
            let difference = with.valueAndGradient(p, gradient: &g1) - without.valueAndGradient(p, gradient: &g0)
            #expect(abs(difference - 0.5 * 2.5 * 2.5) < 1e-8)
            #expect(abs(g1[3] - g0[3] - 2.5 / 0.02) < 1e-6 && g1[2] == g0[2])
            #expect(gradientsAgree(with, at: [1900, 14000, 5.02, 0.47, 4.2]))
        }
    }
}

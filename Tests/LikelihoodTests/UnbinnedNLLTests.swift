import Testing
@testable import Likelihood

@Suite struct UnbinnedNLLTests {
    @Test func seedReferenceValue() {
        #expect(SeedPeak.data.count == 15542)
        let nll = UnbinnedNLL(model: SeedPeak.model, data: SeedPeak.data)
        let value = nll.value(SeedPeak.start)
        #expect(abs(value / SeedPeak.nllAtStart - 1) < 1e-10)
        var gradient = [Double]()
        #expect(nll.valueAndGradient(SeedPeak.start, gradient: &gradient) == value)
        #expect(gradient.count == 5)
    }

    @Test func seedGradientMatchesFiniteDifferences() {
        let nll = UnbinnedNLL(model: SeedPeak.model, data: Array(SeedPeak.data.prefix(700)))
        var rng = SplitMix64(seed: 7)
        for _ in 0..<3 {
            let p = [rng.uniform(300...900), rng.uniform(300...900), rng.uniform(4.5...5.5), rng.uniform(0.3...0.8),
                     rng.uniform(2...6)]
            #expect(gradientsAgree(nll, at: p))
        }
    }
}

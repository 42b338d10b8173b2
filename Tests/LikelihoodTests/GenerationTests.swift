import Testing
@testable import Likelihood

@Suite struct GenerationTests {
    /// Mean and variance of Poisson counts over 4000 draws, within 5 standard errors (var of the sample
    /// variance ~ 2 mean^2/n + mean/n), for the small-mean and the large-mean algorithm.
    @Test(arguments: [3.5, 40.0, 2500.0])
    func poissonCounts(mean: Double) {
        var rng = SplitMix64(seed: 3)
        let draws = 4000
        let counts = (0..<draws).map { _ in Double(Poisson.sample(mean: mean, using: &rng)) }
        let average = counts.reduce(0, +) / Double(draws)
        let variance = counts.map { ($0 - average) * ($0 - average) }.reduce(0, +) / Double(draws - 1)
        #expect(abs(average - mean) < 5 * (mean / Double(draws)).squareRoot())
        #expect(abs(variance - mean) < 5 * ((2 * mean * mean + mean) / Double(draws)).squareRoot())
    }

    /// The model's generator: component counts are Poisson(yield) and a negative yield gives no events.
    @Test func modelGenerateCounts() {
        var rng = SplitMix64(seed: 9)
        let model = SeedPeak.model
        let toys = 200
        var total = 0.0
        for _ in 0..<toys { total += Double(model.generate(parameters: [300, 700, 5, 0.5, 4], using: &rng).count) }
        #expect(abs(total / Double(toys) - 1000) < 5 * (1000 / Double(toys)).squareRoot())
        let none = model.generate(parameters: [-5, -1, 5, 0.5, 4], using: &rng)
        #expect(none.isEmpty)
        var a = SplitMix64(seed: 1), b = SplitMix64(seed: 1)
        #expect(model.generate(parameters: SeedPeak.start, using: &a) == model.generate(parameters: SeedPeak.start, using: &b))
    }
}

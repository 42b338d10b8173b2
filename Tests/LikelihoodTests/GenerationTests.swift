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

    /// A large sample of every pdf against its CDF: 20 equal-probability bins, chi2 below df + 5 sqrt(2 df).
    @Test(arguments: PDFCase.all)
    func sampleFollowsCDF(_ c: PDFCase) {
        var rng = SplitMix64(seed: 5)
        let pdf = c.pdf
        let n = 5000, bins = 20
        var counts = [Double](repeating: 0, count: bins)
        let edges = (0...bins).map { pdf.quantile(Double($0) / Double(bins)) }
        for _ in 0..<n {
            let x = pdf.quantile(uniform(&rng))
            counts[min(bins - 1, max(0, edges.firstIndex { $0 > x }.map { $0 - 1 } ?? bins - 1))] += 1
        }
        let expected = Double(n) / Double(bins)
        let chi2 = counts.map { ($0 - expected) * ($0 - expected) / expected }.reduce(0, +)
        #expect(chi2 < Double(bins - 1) + 5 * (2 * Double(bins - 1)).squareRoot())
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

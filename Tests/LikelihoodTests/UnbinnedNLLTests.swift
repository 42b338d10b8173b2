import Foundation
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

    /// No events: the value is the yield sum, d/d nu = 1, shape derivatives 0; events outside the range are dropped.
    @Test func emptyAndOutOfRangeData() {
        let empty = UnbinnedNLL(model: SeedPeak.model, data: [])
        var gradient = [Double]()
        #expect(empty.valueAndGradient(SeedPeak.start, gradient: &gradient) == 22000)
        #expect(gradient == [1, 1, 0, 0, 0])
        let some = Array(SeedPeak.data.prefix(100))
        let padded = UnbinnedNLL(model: SeedPeak.model, data: [-3, 0.5] + some + [9.5, .nan])
        #expect(padded.value(SeedPeak.start) == UnbinnedNLL(model: SeedPeak.model, data: some).value(SeedPeak.start))
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

/// The block kernels (log form, plain form and the fallback between them) against the definition written with
/// the model's scalar density: sum_k nu_k - sum_i log(density(x_i)).
@Suite struct UnbinnedDefinitionTests {
    static func definition(_ model: Model, _ data: [Double], _ p: [Double]) -> Double {
        p.indices.filter { i in model.components.contains { $0.yieldIndex == i } }.map { p[$0] }.reduce(0, +)
            - data.map { log(model.density(at: $0, parameters: p)) }.reduce(0, +)
    }

    @Test(arguments: [
        [400.0, 100.0, 5.0, 1.0],
        [400.0, 100.0, 5.0, 0.02],
        [400.0, 1e-300, 5.0, 1.0],
    ])
    func logFormMatchesDefinition(_ p: [Double]) {
        let model = PDFCase.all[0].model
        var rng = SplitMix64(seed: 17)
        let data = model.generate(parameters: [400, 100, 5, 1], using: &rng)
        let value = UnbinnedNLL(model: model, data: data).value(p)
        #expect(abs(value - Self.definition(model, data, p)) < 1e-9 * abs(value))
    }

    /// A steep exponential beside a Gaussian: e^(z_1 - z_0) overflows, and the block falls back to densities.
    @Test func overflowFallsBackToDensities() {
        let model = Model(range: ObservableRange(lower: 0, upper: 10), parameterCount: 4, components: [
            Component(name: "steep", kind: .exponential, yieldIndex: 0, shapeIndices: [2]),
            Component(name: "peak", kind: .gaussian, yieldIndex: 1, shapeIndices: [3, 3]),
        ])
        let data = (0..<100).map { 0.05 + Double($0) * 0.09 }
        let p = [50, 50, 0.005, 5]
        let value = UnbinnedNLL(model: model, data: data).value(p)
        #expect(value.isFinite && abs(value - Self.definition(model, data, p)) < 1e-9 * abs(value))
    }
}

import Foundation
import Testing
@testable import Likelihood

/// The binned NLL on a grid over several observables (the Asimov datasets of 2-D models) against the hand-written
/// mass x time density of `ModelFeatureTests` integrated over every cell by Simpson's rule, no factor integrals,
/// and its gradient and Hessian against finite differences. The model's background lists its factors in the
/// other order (time, then mass), so a mix-up of factors and observables shows.
struct GridBinnedNLLTests {
    static let bins = 6
    static let model = ModelFeatureTests.massTime, truth = ModelFeatureTests.massTimeTruth
    static let away = [900.0, 1400, 5.3, 0.04, -0.1, 1.2, 0.8]

    /// Every cell's expected count, first observable slowest: the density integrated by Simpson's rule on 128
    /// intervals per observable (the Gaussian's width is 0.3 cells, so about 40 intervals per width).
    static func cellExpectations(_ p: [Double], bins: Int) -> [Double] {
        let m = (lower: 5.0, width: 0.6 / Double(bins)), t = (lower: 0.2, width: 9.8 / Double(bins))
        let steps = 128
        func weight(_ i: Int) -> Double { i == 0 || i == steps ? 1 : (i % 2 == 1 ? 4 : 2) }
        var cells: [Double] = []
        for a in 0..<bins {
            for b in 0..<bins {
                let hm = m.width / Double(steps), ht = t.width / Double(steps)
                var sum = 0.0
                for i in 0...steps {
                    let mass = m.lower + Double(a) * m.width + Double(i) * hm
                    for j in 0...steps {
                        let time = t.lower + Double(b) * t.width + Double(j) * ht
                        sum += weight(i) * weight(j) * ModelFeatureTests.massTimeDensity(mass, time, p)
                    }
                }
                cells.append(sum * hm * ht / 9)
            }
        }
        return cells
    }

    /// The generated events of `ModelFeatureTests.massTimeData` counted in the grid's cells.
    static func histogram(seed: UInt64) -> [Double] {
        let columns = ModelFeatureTests.massTimeData(seed: seed)
        var counts = [Double](repeating: 0, count: bins * bins)
        for i in columns[0].indices {
            let a = min(bins - 1, Int((columns[0][i] - 5.0) / 0.6 * Double(bins)))
            let b = min(bins - 1, Int((columns[1][i] - 0.2) / 9.8 * Double(bins)))
            counts[a * bins + b] += 1
        }
        return counts
    }

    @Test func asimovCountsAreTheCellIntegrals() throws {
        let counts = try #require(Self.model.asimovCounts(parameters: Self.truth, bins: Self.bins))
        for (c, expected) in Self.cellExpectations(Self.truth, bins: Self.bins).enumerated() {
            #expect(abs(counts[c] - expected) <= 1e-7 * max(expected, 1), "cell \(c): \(counts[c]) vs \(expected)")
        }
    }

    /// sum_c (mu_c - n_c log mu_c) + sum_c (n_c log n_c - n_c); Simpson's error (about 1e-8 of mu) bounds the
    /// agreement at 1e-4.
    @Test func valueIsThePoissonSumOverCells() {
        let counts = Self.histogram(seed: 9)
        let nll = GridBinnedNLL(model: Self.model, counts: counts, bins: Self.bins)
        for p in [Self.truth, Self.away] {
            let mu = Self.cellExpectations(p, bins: Self.bins)
            let expected = zip(mu, counts).reduce(0.0) { sum, cell in
                sum + cell.0 - cell.1 * log(cell.0) + (cell.1 > 0 ? cell.1 * log(cell.1) - cell.1 : 0)
            }
            #expect(abs(nll.value(p) - expected) < 1e-4, "\(nll.value(p)) vs \(expected)")
        }
    }

    /// A binned fit's events are counted in the cells of the test's own histogram (the first observable slowest).
    @Test func eventsAreCountedInTheirCells() {
        let counted = GridBinnedNLL(model: Self.model, columns: ModelFeatureTests.massTimeData(seed: 9), bins: Self.bins)
        let given = GridBinnedNLL(model: Self.model, counts: Self.histogram(seed: 9), bins: Self.bins)
        #expect(counted.counts == given.counts)
        #expect(counted.value(Self.away) == given.value(Self.away))
    }

    /// On generated events and on an Asimov dataset; the gradient only on the events, as at the Asimov dataset's
    /// own minimum it is zero and the finite differences measure rounding.
    @Test func gradientAndHessianMatchFiniteDifferences() throws {
        let asimov = try #require(Self.model.asimovCounts(parameters: Self.truth, bins: 12))
        for (counts, bins) in [(Self.histogram(seed: 11), Self.bins), (asimov, 12)] {
            let nll = GridBinnedNLL(model: Self.model, counts: counts, bins: bins)
            for p in [Self.truth, Self.away] {
                if bins == Self.bins { #expect(gradientsAgree(nll, at: p)) }
                HessianTests.expectAgreement(nll, at: p, "grid of \(bins) x \(bins)")
            }
        }
    }
}

import Foundation
import Testing
@testable import Likelihood

extension SplitMix64: UniformSource {}

/// One sampler under test: a pdf at fixed shape values on a range.
struct SamplerCase: Sendable, CustomTestStringConvertible {
    let kind: PDFKind
    let shape: [Double]
    let range: ObservableRange
    let note: String

    var testDescription: String { "\(kind.rawValue) \(note)" }

    init(_ kind: PDFKind, _ shape: [Double], _ lower: Double, _ upper: Double, _ note: String) {
        self.kind = kind
        self.shape = shape
        range = ObservableRange(lower: lower, upper: upper)
        self.note = note
    }

    var pdf: any NormalisedPDF {
        normalisedPDF(kind, on: range, shape: shape)
    }

    /// `count` events from the sampler, with uniforms from a fixed-seed generator.
    func sample(_ count: Int, seed: UInt64) -> [Double] {
        var rng = SplitMix64(seed: seed)
        var uniforms = UniformBuffer { words, n in rng.fill(words, count: n) }
        let pdf = pdf
        return [Double](unsafeUninitializedCapacity: count + 8) { buffer, initialized in
            pdf.sample(count, uniforms: &uniforms, into: buffer.baseAddress!)
            initialized = count
        }
    }

    static let all: [SamplerCase] = [
        SamplerCase(.gaussian, [5, 0.5], 1, 9, "seed peak, range holds it all"),
        SamplerCase(.gaussian, [5, 2], 4.9, 5.3, "narrow range at the peak"),
        SamplerCase(.gaussian, [0, 1], 4, 9, "range 4 to 9 sigma above"),
        SamplerCase(.gaussian, [0, 1], -9, -4, "range 4 to 9 sigma below"),
        SamplerCase(.gaussian, [12, 2], 1, 9, "centred above the range"),
        SamplerCase(.gaussian, [0.5, 1], 1, 9, "centred just below the range"),
        SamplerCase(.exponential, [4], 1, 9, "seed background"),
        SamplerCase(.exponential, [0.05], 1, 9, "tau 0.05 on width 8"),
        SamplerCase(.exponential, [1e6], 1, 9, "tau 1e6 on width 8"),
        SamplerCase(.uniform, [], 1, 9, "flat"),
        SamplerCase(.crystalBall, [5, 0.5, 0.5, 1.5], 1, 9, "alpha 0.5, n 1.5"),
        SamplerCase(.crystalBall, [5, 0.5, -1.2, 3], 1, 9, "tail above (alpha < 0)"),
        SamplerCase(.crystalBall, [5, 0.4, 1, 1], 1, 9, "n exactly 1"),
        SamplerCase(.crystalBall, [8, 0.5, 1, 2], 1, 6, "range in the tail only"),
        SamplerCase(.crystalBall, [5, 1, -2.8, 20], 0, 10, "far high tail, n 20"),
        SamplerCase(.chebyshev, [0.3, -0.2], 1, 9, "degree 2"),
        SamplerCase(.chebyshev, [0.5, 0.3, -0.2, 0.1], 1, 9, "degree 4"),
        SamplerCase(.argus, [9.5, -5], 1, 9, "m0 above the range"),
        SamplerCase(.argus, [7, 3], 0, 9, "m0 inside the range, c > 0"),
        SamplerCase(.breitWigner, [5, 1], 1, 9, "peak inside"),
        SamplerCase(.breitWigner, [-50, 0.5], 1, 9, "peak far below the range"),
        SamplerCase(.breitWigner, [200, 3], 1, 9, "peak far above the range"),
    ]
}

/// Each sampler against its pdf's CDF taken by composite quadrature of the density (Simpson between
/// neighbouring sorted events), never from the sampler: Kolmogorov-Smirnov and chi-square on 2 x 10^5 events
/// at a fixed seed, each rejecting at p < 1e-3, so a correct sampler fails one of the 44 checks with
/// probability below 5% and, the seed being fixed, either always or never.
@Suite struct SamplerTests {
    static let events = 200_000

    @Test(arguments: SamplerCase.all)
    func kolmogorovSmirnov(_ c: SamplerCase) {
        let pdf = c.pdf
        let x = c.sample(Self.events, seed: 17).sorted()
        #expect(x.first! >= c.range.lower && x.last! <= c.range.upper)
        // Cumulative integral of the density at every event, then normalised by the whole range's.
        var cumulative = [Double](repeating: 0, count: x.count)
        var total = 0.0, previous = c.range.lower
        for (i, xi) in x.enumerated() {
            total += simpson(previous, xi, intervals: 2, pdf.density)
            cumulative[i] = total
            previous = xi
        }
        total += simpson(previous, c.range.upper, intervals: 2, pdf.density)
        let n = Double(x.count)
        var distance = 0.0
        for (i, f) in cumulative.enumerated() {
            let cdf = f / total
            distance = max(distance, cdf - Double(i) / n, Double(i + 1) / n - cdf)
        }
        // Kolmogorov's limit P(sqrt(n) D > 1.9495) = 1e-3, with Stephens' finite-n factor.
        let statistic = (n.squareRoot() + 0.12 + 0.11 / n.squareRoot()) * distance
        #expect(statistic < 1.9495, "KS statistic \(statistic)")
    }

    @Test(arguments: SamplerCase.all)
    func chiSquare(_ c: SamplerCase) {
        let pdf = c.pdf
        let x = c.sample(Self.events, seed: 29)
        let fine = 200, width = c.range.width / Double(fine)
        var probability = (0..<fine).map { simpson(c.range.lower + Double($0) * width, c.range.lower + Double($0 + 1) * width,
                                                   intervals: 200, pdf.density) }
        let norm = probability.reduce(0, +)
        probability = probability.map { $0 / norm }
        var observed = [Double](repeating: 0, count: fine)
        for xi in x { observed[min(fine - 1, Int((xi - c.range.lower) / width))] += 1 }
        // Neighbouring bins merged until each expects at least 20 events.
        var chi2 = 0.0, bins = 0, expected = 0.0, count = 0.0
        for (p, o) in zip(probability, observed) {
            expected += p * Double(Self.events)
            count += o
            if expected >= 20 {
                chi2 += (count - expected) * (count - expected) / expected
                bins += 1
                (expected, count) = (0, 0)
            }
        }
        if expected > 0 { chi2 += (count - expected) * (count - expected) / expected; bins += 1 }
        let df = Double(bins - 1), z = 3.0902  // the normal's 1 - 1e-3 quantile
        // Wilson-Hilferty: the chi-square quantile of df degrees of freedom at 1 - 1e-3.
        let critical = df * pow(1 - 2 / (9 * df) + z * (2 / (9 * df)).squareRoot(), 3)
        #expect(bins >= 10)
        #expect(chi2 < critical, "chi2 \(chi2) on \(bins) bins, critical \(critical)")
    }

    /// The Gaussian's corners take the method meant for them (so the tests above cover each method).
    @Test func truncatedNormalMethods() {
        #expect(TruncatedNormal(from: -8, to: 8).method == .normal)
        #expect(TruncatedNormal(from: -0.1, to: 0.2).method == .uniform)
        #expect(TruncatedNormal(from: 4, to: 9).method == .exponentialTail)
        #expect(TruncatedNormal(from: -9, to: -4).method == .exponentialTail)
        #expect(TruncatedNormal(from: -5.5, to: -1.5).method == .exponentialTail)
    }

    /// Generation is a function of the generator's output alone, and takes whole groups of uniforms: the same
    /// seed gives the same events, another seed others.
    @Test func deterministic() {
        let c = SamplerCase.all[10]
        #expect(c.sample(1001, seed: 3) == c.sample(1001, seed: 3))
        #expect(c.sample(1001, seed: 3) != c.sample(1001, seed: 4))
    }
}

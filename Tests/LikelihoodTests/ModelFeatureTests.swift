import Foundation
import Testing
@testable import Likelihood

/// Products over several observables, histogram templates, simultaneous channels and non-Poisson toys, each
/// against something computed independently: closed-form densities, finite differences, exact CDFs.
@Suite struct ModelFeatureTests {
    /// Mass x decay time: Gaussian(m) Exp(t) signal on Exp(m) Exp(t) background; parameters
    /// [nsig, nbkg, mu, sigma, tau_m, lifetime, tau_t].
    static let massTime = Model(
        observables: [ObservableRange(lower: 5.0, upper: 5.6), ObservableRange(lower: 0.2, upper: 10)], parameterCount: 7,
        components: [
            Component(name: "signal", yieldIndex: 0, factors: [
                Factor(pdf: .library(.gaussian), observable: 0, shapeIndices: [2, 3]),
                Factor(pdf: .library(.exponential), observable: 1, shapeIndices: [5]),
            ]),
            Component(name: "background", yieldIndex: 1, factors: [
                Factor(pdf: .library(.exponential), observable: 1, shapeIndices: [6]),
                Factor(pdf: .library(.chebyshev), observable: 0, shapeIndices: [4]),
            ]),
        ])
    static let massTimeTruth = [800.0, 1500, 5.28, 0.03, -0.3, 1.5, 0.6]

    /// The density written out by hand: Gaussian and Chebyshev normalised in closed form on [5, 5.6], the
    /// exponentials on [0.2, 10].
    static func massTimeDensity(_ m: Double, _ t: Double, _ p: [Double]) -> Double {
        func exponential(_ t: Double, _ tau: Double) -> Double { exp(-t / tau) / (tau * (exp(-0.2 / tau) - exp(-10 / tau))) }
        let z = (m - p[2]) / p[3]
        let gaussianNorm = p[3] * (2 * Double.pi).squareRoot() * 0.5
            * (erf((5.6 - p[2]) / (p[3] * 2.0.squareRoot())) - erf((5.0 - p[2]) / (p[3] * 2.0.squareRoot())))
        let u = (2 * m - 10.6) / 0.6
        // 1 + c1 u integrates to the width 0.6 (the odd term vanishes).
        return p[0] * exp(-0.5 * z * z) / gaussianNorm * exponential(t, p[5])
            + p[1] * (1 + p[4] * u) / 0.6 * exponential(t, p[6])
    }

    static func massTimeData(seed: UInt64) -> [[Double]] {
        var rng = SplitMix64(seed: seed)
        return massTime.generateEvents(parameters: massTimeTruth, using: &rng).columns
    }

    @Test func productNLLIsTheSumOfLogDensities() {
        let columns = Self.massTimeData(seed: 5)
        let nll = UnbinnedNLL(model: Self.massTime, columns: columns)
        for p in [Self.massTimeTruth, [900, 1400, 5.3, 0.04, -0.1, 1.2, 0.8]] {
            let expected = p[0] + p[1] - columns[0].indices.map { log(Self.massTimeDensity(columns[0][$0], columns[1][$0], p)) }.reduce(0, +)
            #expect(abs(nll.value(p) - expected) < 1e-9 * abs(expected), "\(nll.value(p)) vs \(expected)")
        }
        #expect(Self.massTime.density(at: [5.3, 1.0], parameters: Self.massTimeTruth) == Self.massTimeDensity(5.3, 1.0, Self.massTimeTruth)
                || abs(Self.massTime.density(at: [5.3, 1.0], parameters: Self.massTimeTruth) / Self.massTimeDensity(5.3, 1.0, Self.massTimeTruth) - 1) < 1e-12)
    }

    @Test func productGradientAndHessianMatchFiniteDifferences() {
        let columns = Self.massTimeData(seed: 7)
        let nll = UnbinnedNLL(model: Self.massTime, columns: columns)
        for p in [Self.massTimeTruth, [700, 1600, 5.27, 0.035, -0.4, 1.7, 0.5]] {
            #expect(gradientsAgree(nll, at: p))
            HessianTests.expectAgreement(nll, at: p, "mass x time")
        }
        let threaded = UnbinnedNLL(model: Self.massTime, columns: columns, pool: WorkerPool(threads: 2))
        #expect(threaded.checkedHessian(at: Self.massTimeTruth).hessian == nll.checkedHessian(at: Self.massTimeTruth).hessian)
    }

    /// Each observable's events follow its factors' mixture: the mean decay time is the yields' mix of the
    /// truncated exponentials' means, within 5 standard errors.
    @Test func productEventsFollowEachFactor() {
        let columns = Self.massTimeData(seed: 9)
        #expect(columns.count == 2 && columns[0].count == columns[1].count)
        func truncatedMean(_ tau: Double) -> Double {
            simpson(0.2, 10, intervals: 2000) { $0 * exp(-$0 / tau) } / simpson(0.2, 10, intervals: 2000) { exp(-$0 / tau) }
        }
        let p = Self.massTimeTruth, fraction = p[0] / (p[0] + p[1])
        let expected = fraction * truncatedMean(p[5]) + (1 - fraction) * truncatedMean(p[6])
        let mean = columns[1].reduce(0, +) / Double(columns[1].count)
        let spread = (columns[1].map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(columns[1].count)).squareRoot()
        #expect(abs(mean - expected) < 5 * spread / Double(columns[1].count).squareRoot())
        #expect(columns[0].allSatisfy { (5.0...5.6).contains($0) } && columns[1].allSatisfy { (0.2...10).contains($0) })
    }

    /// Unequal bins, a range that cuts the first and last bins and an empty bin inside.
    static let template = HistogramTemplate(edges: [0, 1, 1.5, 3, 3.5, 6], contents: [10, 4, 0, 7, 12])!
    static let range = ObservableRange(lower: 0.5, upper: 5)

    /// 300 unequal bins with random contents, every seventh empty: the sampler's guide table over many bins.
    static let manyBins: HistogramTemplate = {
        var rng = SplitMix64(seed: 47)
        var edges = [0.0]
        for _ in 0..<300 { edges.append(edges.last! + rng.uniform(0.01...0.05)) }
        return HistogramTemplate(edges: edges, contents: (0..<300).map { $0 % 7 == 3 ? 0 : rng.uniform(0...100) })!
    }()

    /// The CDF from the template's bins, cut to the range, by hand.
    static func templateCDF(_ x: Double, template: HistogramTemplate = template, range: ObservableRange = range) -> Double {
        let e = template.edges, c = template.contents
        func mass(_ a: Double, _ b: Double) -> Double {
            (0..<c.count).reduce(0) { total, k in
                let low = max(e[k], a), high = min(e[k + 1], b)
                return high > low ? total + c[k] * (high - low) / (e[k + 1] - e[k]) : total
            }
        }
        return mass(range.lower, x) / mass(range.lower, range.upper)
    }

    @Test func histogramDensityIntegratesToItsCDF() {
        let pdf = HistogramPDF(template: Self.template, range: Self.range)
        #expect(pdf.update(shape: ShapeValues(values: SIMD8(), count: 0)))
        for (a, b) in [(0.5, 5.0), (0.7, 1.2), (1.5, 3.0), (2.0, 4.9)] {
            // Simpson is exact on each constant piece: integrate piecewise between the edges.
            let cuts = [a] + Self.template.edges.filter { $0 > a && $0 < b } + [b]
            let integral = zip(cuts, cuts.dropFirst()).reduce(0.0) { total, piece in
                total + simpson(piece.0, piece.1, intervals: 2) { pdf.density(at: min(max($0, piece.0 + 1e-12), piece.1 - 1e-12)) }
            }
            let expected = Self.templateCDF(b) - Self.templateCDF(a)
            #expect(abs(integral - expected) < 1e-12 && abs(pdf.probability(from: a, to: b).value - expected) < 1e-12)
        }
        #expect(pdf.density(at: 2.0) == 0 && !pdf.isLogLinear)
    }

    /// Kolmogorov-Smirnov against the CDF by hand: 2 x 10^5 events, D below the 0.1% critical value; no event in
    /// an empty bin.
    @Test(arguments: [(template, range), (manyBins, ObservableRange(lower: 0.5, upper: 8))])
    func histogramSamplerFollowsTheTemplate(template: HistogramTemplate, range: ObservableRange) {
        let pdf = HistogramPDF(template: template, range: range)
        let n = 200_000
        var rng = SplitMix64(seed: 31)
        let x = withoutActuallyEscaping({ (w: UnsafeMutablePointer<UInt64>, k: Int) in for i in 0..<k { w[i] = rng.next() } }) { refill in
            var uniforms = UniformBuffer(refill: refill)
            return [Double](unsafeUninitializedCapacity: n + 8) { buffer, initialized in
                pdf.sample(n, uniforms: &uniforms, into: buffer.baseAddress!)
                initialized = n
            }
        }.sorted()
        var d = 0.0
        for (i, value) in x.enumerated() {
            let f = Self.templateCDF(value, template: template, range: range)
            d = max(d, abs(f - Double(i) / Double(n)), abs(f - Double(i + 1) / Double(n)))
        }
        #expect(d < 1.95 / Double(n).squareRoot(), "KS distance \(d)")
        let empty = template.contents.indices.filter { template.contents[$0] == 0 }
        #expect(!x.contains { v in empty.contains { v > template.edges[$0] && v < template.edges[$0 + 1] } }, "an event in an empty bin")
    }

    /// Equal bins take the arithmetic lookup, unequal ones the binary search: an event on an edge lands in the
    /// bin above it either way, and the log form agrees with the densities.
    @Test func histogramLookupOnEdges() {
        let equal = HistogramTemplate(edges: (0...10).map { Double($0) * 0.1 }, contents: (1...10).map(Double.init))!
        let pdf = HistogramPDF(template: equal, range: ObservableRange(lower: 0, upper: 1))
        let x = (0..<16).map { Double($0 % 11) * 0.1 }
        var density = [Double](repeating: 0, count: 16), logDensity = density
        pdf.fillDensity(x, into: &density, count: 16)
        pdf.fillLogDensity(x, into: &logDensity, count: 16)
        for i in 0..<16 {
            let bin = equal.edges.lastIndex { $0 <= x[i] }.map { min($0, 9) }!
            #expect(density[i] == equal.contents[bin] / 0.1 / 55 || abs(density[i] * 0.1 * 55 / equal.contents[bin] - 1) < 1e-14)
            #expect(abs(exp(logDensity[i]) / density[i] - 1) < 1e-14)
        }
    }

    /// A channel pair is the sum of its channels, value, gradient and Hessian.
    @Test func simultaneousNLLIsTheSumOfItsChannels() {
        let first = SeedPeak.model
        let second = Model(range: ObservableRange(lower: 1, upper: 9), parameterCount: 5, components: [
            Component(name: "background", kind: .exponential, yieldIndex: 1, shapeIndices: [4]),
        ])
        var rng = SplitMix64(seed: 41)
        let a = UnbinnedNLL(model: first, data: first.generate(parameters: SeedPeak.start, using: &rng))
        let b = UnbinnedNLL(model: second, data: second.generate(parameters: SeedPeak.start, using: &rng))
        let both = SimultaneousNLL(channels: [a, b])
        let p = [1900.0, 19000, 5.1, 0.55, 3.5]
        #expect(both.value(p) == a.value(p) + b.value(p))
        var g = [Double](), ga = [Double](), gb = [Double]()
        _ = both.valueAndGradient(p, gradient: &g)
        _ = a.valueAndGradient(p, gradient: &ga)
        _ = b.valueAndGradient(p, gradient: &gb)
        #expect(g == zip(ga, gb).map { $0 + $1 })
        #expect(gradientsAgree(both, at: p))
        HessianTests.expectAgreement(both, at: p, "two channels")
    }

    /// Non-Poisson toys: every toy has round(sum of yields) events, and each component's share is binomial.
    @Test func fixedTotalIsSplitMultinomially() {
        var rng = SplitMix64(seed: 43)
        let p = [300.4, 700.3, 5, 0.5, 4], toys = 400
        var signal = [Double]()
        for _ in 0..<toys {
            let toy = SeedPeak.model.generateEvents(parameters: p, poisson: false, using: &rng)
            #expect(toy.counts.reduce(0, +) == 1001 && toy.columns[0].count == 1001)
            signal.append(Double(toy.counts[0]))
        }
        let q = p[0] / (p[0] + p[1]), mean = signal.reduce(0, +) / Double(toys)
        let variance = signal.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(toys - 1)
        #expect(abs(mean - 1001 * q) < 5 * (1001 * q * (1 - q) / Double(toys)).squareRoot())
        #expect(abs(variance / (1001 * q * (1 - q)) - 1) < 5 * (2 / Double(toys)).squareRoot())
    }
}

import Testing
@testable import Likelihood

/// The domain of every pdf, as config validation and the NLL see it: a Chebyshev series is a density exactly
/// when it is not negative anywhere in the range, however narrow the dip; ARGUS needs m0 above the range and
/// x >= 0; the reasons name the role at fault.
@Suite struct DomainCheckTests {
    /// The series' minimum on [-1, 1] by brute force: 400001 points, T_k by the three-term recurrence.
    static func sampledMinimum(_ c: [Double]) -> Double {
        var lowest = Double.infinity
        for i in 0...400_000 {
            let t = -1 + Double(i) / 200_000
            var previous = 1.0, current = t, total = 1.0
            for ck in c {
                total += ck * current
                (previous, current) = (current, 2 * t * current - previous)
            }
            lowest = min(lowest, total)
        }
        return lowest
    }

    static func series(_ c: [Double]) -> ChebyshevSeries {
        var values = SIMD8<Double>()
        for (k, ck) in c.enumerated() { values[k] = ck }
        return ChebyshevSeries(pdfCoefficients: values, degree: c.count)
    }

    /// Random series of every degree, many of them negative somewhere: the exact minimum agrees with a dense
    /// sample (which can only lie above it, by at most the curvature over half a sample spacing).
    @Test func minimumAgreesWithADenseSample() {
        var rng = SplitMix64(seed: 7)
        var negatives = 0, positives = 0
        for trial in 0..<120 {
            let degree = 1 + trial % 8
            let c = (0..<degree).map { _ in rng.uniform(-0.9...0.9) }
            let exact = Self.series(c).minimumOnUnitInterval.value, sampled = Self.sampledMinimum(c)
            let curvature = c.enumerated().reduce(0) { $0 + abs($1.element) * Double(($1.offset + 1) * ($1.offset + 1) * ($1.offset + 1) * ($1.offset + 1)) }
            #expect(exact <= sampled + 1e-12 && sampled - exact <= curvature * 1.25e-11 + 1e-12, "\(c): \(exact) vs \(sampled)")
            guard abs(sampled) > 1e-6 else { continue }
            #expect(Self.series(c).isNonNegativeOnUnitInterval == (sampled > 0), "\(c)")
            if sampled > 0 { positives += 1 } else { negatives += 1 }
        }
        #expect(negatives > 20 && positives > 20, "the trials cover both sides: \(negatives) negative, \(positives) positive")
    }

    /// 100 (t - 0.3)^2 -+ 1e-4 is negative only on |t - 0.3| < 0.001, a dip narrower than a grid of 1000 points;
    /// in the pdf's form (constant term 1) its coefficients are a_k / a_0 of 8.9999 + 50 - 60 T_1 + 50 T_2.
    @Test func aNarrowDipIsFound() {
        for (offset, isDensity) in [(-1e-4, false), (1e-4, true)] {
            let a0 = 9 + offset + 50
            let series = Self.series([-60 / a0, 50 / a0])
            #expect(series.isNonNegativeOnUnitInterval == isDensity, "offset \(offset)")
            #expect(abs(series.minimumOnUnitInterval.t - 0.3) < 1e-9)
        }
    }

    /// 1 + T_1 and 1 + T_8 touch zero: still densities. 1 + 1.01 T_8 dips below at T_8's minima.
    @Test func touchingZeroIsAllowed() {
        #expect(Self.series([1]).isNonNegativeOnUnitInterval)
        #expect(Self.series([0, 0, 0, 0, 0, 0, 0, 1]).isNonNegativeOnUnitInterval)
        #expect(Self.series([0.3, 0.4, 0.3]).isNonNegativeOnUnitInterval)
        #expect(!Self.series([0, 0, 0, 0, 0, 0, 0, 1.01]).isNonNegativeOnUnitInterval)
    }

    static func model(_ kind: PDFKind, shapeCount: Int, range: ObservableRange) -> Model {
        Model(range: range, parameterCount: 1 + shapeCount, components: [
            Component(name: "flat", kind: .uniform, yieldIndex: 0, shapeIndices: []),
            Component(name: "shape", kind: kind, yieldIndex: 0, shapeIndices: Array(1...shapeCount)),
        ])
    }

    @Test(arguments: [
        // (pdf, range, shape, role at fault or nil, words of the reason)
        (PDFKind.gaussian, 1.0, 9.0, [5.0, 0], 1 as Int?, "sigma must be positive"),
        (.gaussian, 1, 9, [1000, 0.5], nil, "integral over the range"),
        (.exponential, 1, 9, [-4], 0, "tau must be positive"),
        (.crystalBall, 1, 9, [5, 0.5, 0, 3], 2, "alpha must not be 0"),
        (.crystalBall, 1, 9, [5, 0.5, 1.5, -1], 3, "n must be positive"),
        (.argus, 1, 9, [0.5, -2], 0, "m0 must be above the range's low end"),
        (.argus, 1, 9, [1, -2], 0, "m0 must be above the range's low end"),
        (.argus, -1, 5, [5.5, -2], nil, "negative below x = 0"),
        (.chebyshev, 1, 9, [0, 1.2], nil, "is negative at x = 5.0"),
        (.breitWigner, 1, 9, [5, -1], 1, "width must be positive"),
    ])
    func violationsNameTheRoleAndReason(kind: PDFKind, lower: Double, upper: Double, shape: [Double], role: Int?, words: String) {
        let model = Self.model(kind, shapeCount: shape.count, range: ObservableRange(lower: lower, upper: upper))
        let violations = model.domainViolations(at: [100] + shape)
        #expect(violations.map(\.component) == [1])
        #expect(violations.first?.role == role)
        #expect(violations.first?.reason.contains(words) == true, "\(violations)")
        // The NLL agrees: outside the domain it is the penalty, not a likelihood.
        let nll = UnbinnedNLL(model: model, data: [lower + 0.25 * (upper - lower), lower + 0.75 * (upper - lower)])
        #expect(nll.value([100] + shape) >= ParameterPoint.outsideDomainValue)
    }

    @Test func insideTheDomainNothingIsReported() {
        let range = ObservableRange(lower: 1, upper: 9)
        #expect(Self.model(.crystalBall, shapeCount: 4, range: range).domainViolations(at: [100, 5, 0.5, -1.5, 3]).isEmpty)
        #expect(Self.model(.argus, shapeCount: 2, range: range).domainViolations(at: [100, 9.5, -2]).isEmpty)
        #expect(Self.model(.chebyshev, shapeCount: 2, range: range).domainViolations(at: [100, 0.5, 0.5]).isEmpty)
    }
}

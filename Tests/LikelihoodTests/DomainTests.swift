import Testing
@testable import Likelihood

/// Points where the model is not a density must give large finite values with a finite gradient that points
/// back, never NaN or inf.
@Suite struct DomainTests {
    static let chebyshev = Model(range: ObservableRange(lower: -1, upper: 1), parameterCount: 2, components: [
        Component(name: "poly", kind: .chebyshev, yieldIndex: 0, shapeIndices: [1]),
    ])
    static let data = (0..<300).map { -0.995 + Double($0) / 150.5 }

    static func finite(_ nll: NegativeLogLikelihood, _ p: [Double]) -> (value: Double, gradient: [Double]) {
        var gradient = [Double]()
        let value = nll.valueAndGradient(p, gradient: &gradient)
        #expect(value.isFinite && gradient.allSatisfy(\.isFinite), "at \(p)")
        #expect(value == nll.value(p))
        return (value, gradient)
    }

    /// A Chebyshev with c1 = 3 is negative on a third of the range: not a density, so outside the domain and
    /// worse than any valid point.
    @Test func negativeDensityIsOutsideTheDomain() {
        let nll = UnbinnedNLL(model: Self.chebyshev, data: Self.data)
        let valid = Self.finite(nll, [300, 0.2]).value
        let bad = Self.finite(nll, [300, 3]).value
        #expect(valid < ParameterPoint.outsideDomainValue && bad >= ParameterPoint.outsideDomainValue)
    }

    @Test func nonPositiveYieldsArePenalised() {
        let nll = UnbinnedNLL(model: SeedPeak.model, data: SeedPeak.data)
        let zero = Self.finite(nll, [0, 0, 5, 0.5, 4]).value
        let negative = Self.finite(nll, [-10, -5, 5, 0.5, 4])
        #expect(negative.value > zero && zero > nll.value(SeedPeak.start))
        #expect(negative.gradient[0] < 0 && negative.gradient[1] < 0)
    }

    /// sigma <= 0 or tau <= 0: above every valid value, rising with the violation, slope pointing back.
    @Test func invalidShapeValuesArePenalised() {
        let nll = UnbinnedNLL(model: SeedPeak.model, data: SeedPeak.data)
        let slightly = Self.finite(nll, [2000, 20000, 5, -0.1, 4])
        let more = Self.finite(nll, [2000, 20000, 5, -1, -1])
        #expect(slightly.value >= ParameterPoint.outsideDomainValue && more.value > slightly.value)
        #expect(slightly.gradient[3] < 0 && more.gradient[4] < 0)
        _ = Self.finite(nll, [2000, 20000, .nan, 0.5, 4])
        _ = Self.finite(nll, [2000, 20000, 5, 0.5, .infinity])
    }
}

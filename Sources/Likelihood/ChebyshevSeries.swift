/// A polynomial of degree <= 8 in the Chebyshev basis, sum_{k=0}^{degree} a_k T_k(t), and its minimum on
/// [-1, 1]: the Chebyshev pdf 1 + sum c_k T_k is a density only where that minimum is not negative.
///
/// The minimum lies at an end or at a root of the derivative. The roots are found exactly (to rounding) by a
/// cascade: between consecutive roots of p^(j+1) the derivative p^(j) is monotonic, so it has a root there exactly
/// when its values at the two ends differ in sign; starting from the constant p^(degree) and going down to p',
/// every root of every derivative is bracketed and refined. No grid spacing can hide a dip.
struct ChebyshevSeries {
    /// a_0 ... a_degree; higher lanes zero.
    private(set) var coefficients: SIMD16<Double>
    private(set) var degree: Int

    /// 1 + sum_{k=1}^{degree} c_k T_k: the unnormalised Chebyshev pdf in t.
    init(pdfCoefficients c: SIMD8<Double>, degree: Int) {
        precondition((0...8).contains(degree), "ChebyshevSeries: degree \(degree) is outside 0...8")
        coefficients = SIMD16()
        coefficients[0] = 1
        for k in 0..<degree { coefficients[k + 1] = c[k] }
        self.degree = degree
    }

    private init(coefficients: SIMD16<Double>, degree: Int) {
        self.coefficients = coefficients
        self.degree = degree
    }

    /// Clenshaw's recurrence: stable for every t in [-1, 1].
    func value(at t: Double) -> Double {
        var next = 0.0, afterNext = 0.0
        for k in stride(from: degree, through: 1, by: -1) {
            (next, afterNext) = (coefficients[k] + 2 * t * next - afterNext, next)
        }
        return coefficients[0] + t * next - afterNext
    }

    /// d/dt in the same basis: b_{k-1} = b_{k+1} + 2k a_k from the top down, then b_0 halved.
    var derivative: ChebyshevSeries {
        guard degree > 0 else { return ChebyshevSeries(coefficients: SIMD16(), degree: 0) }
        var b = SIMD16<Double>()
        for k in stride(from: degree, through: 1, by: -1) {
            b[k - 1] = b[k + 1] + 2 * Double(k) * coefficients[k]
        }
        b[0] *= 0.5
        return ChebyshevSeries(coefficients: b, degree: degree - 1)
    }

    /// sum |a_k| for k >= 1: |T_k| <= 1 on [-1, 1], so a_0 minus this bounds the series from below.
    private var variationBound: Double {
        var total = 0.0
        for k in stride(from: 1, through: degree, by: 1) { total += abs(coefficients[k]) }
        return total
    }

    /// Whether the series is >= 0 on all of [-1, 1], up to rounding (a minimum of -1e-13 times the coefficients'
    /// size is a zero touched in exact arithmetic). Cheap when the coefficients are small (the usual background):
    /// then a_0 - sum |a_k| >= 0 already proves it.
    var isNonNegativeOnUnitInterval: Bool {
        if coefficients[0] - variationBound >= 0 { return true }
        return minimumOnUnitInterval.value >= -1e-13 * (abs(coefficients[0]) + variationBound)
    }

    /// Where on [-1, 1] the series is smallest, and its value there.
    var minimumOnUnitInterval: (t: Double, value: Double) {
        var best = (t: -1.0, value: value(at: -1))
        let right = value(at: 1)
        if right < best.value { best = (1, right) }
        let first = derivative
        guard first.degree > 0 else { return best }
        for t in first.rootsOnUnitInterval() {
            let candidate = value(at: t)
            if candidate < best.value { best = (t, candidate) }
        }
        return best
    }

    /// The points of (-1, 1) where this series changes sign, in increasing order (at most `degree` of them).
    func rootsOnUnitInterval() -> [Double] {
        var cascade = [self]
        while let last = cascade.last, last.degree > 0 { cascade.append(last.derivative) }
        // The last entry is constant: no roots. Walk back up, each level bracketed by the roots of the next.
        var roots: [Double] = []
        for level in stride(from: cascade.count - 2, through: 0, by: -1) {
            let series = cascade[level], slope = cascade[level + 1]
            let ends = [-1.0] + roots + [1.0]
            roots = []
            for (a, b) in zip(ends, ends.dropFirst()) {
                if let root = series.root(between: a, and: b, slope: slope) { roots.append(root) }
            }
        }
        return roots
    }

    /// The root in (a, b) of this series, monotonic there, if its ends differ in sign: Newton steps from the
    /// middle kept inside a shrinking bracket (bisection where a step leaves it).
    private func root(between a: Double, and b: Double, slope: ChebyshevSeries) -> Double? {
        var lo = a, hi = b
        let fa = value(at: lo), fb = value(at: hi)
        guard (fa < 0 && fb > 0) || (fa > 0 && fb < 0) else { return nil }
        let rising = fb > 0
        var t = 0.5 * (lo + hi)
        for _ in 0..<200 {
            let f = value(at: t)
            if f == 0 { return t }
            if (f < 0) == rising { lo = t } else { hi = t }
            var next = t - f / slope.value(at: t)
            if !(next > lo && next < hi) { next = 0.5 * (lo + hi) }
            if abs(next - t) <= 1e-15 || hi - lo <= 1e-15 { return next }
            t = next
        }
        return t
    }
}

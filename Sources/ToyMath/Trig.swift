/// Sine, cosine and tangent for eight lanes, for the samplers (Box-Muller's angle, the Breit-Wigner's inverse
/// CDF): both need arguments inside one period only, so the reduction is short and exact.
extension FastMath {
    /// sin(r) and cos(r) for |r| <= pi/4 by their Taylor series to degree 21 and 20 (truncation below 1e-20
    /// relative there), in Horner form in r^2.
    @inlinable @inline(__always)
    static func sinCosReduced(_ r: SIMD8<Double>) -> (sin: SIMD8<Double>, cos: SIMD8<Double>) {
        let z = r * r
        var s = SIMD8<Double>(repeating: -1 / 51_090_942_171_709_440_000.0)  // -1/21!
        s = SIMD8(repeating: 1 / 121_645_100_408_832_000.0).addingProduct(s, z)  // 1/19!
        s = SIMD8(repeating: -1 / 355_687_428_096_000.0).addingProduct(s, z)  // -1/17!
        s = SIMD8(repeating: 1 / 1_307_674_368_000.0).addingProduct(s, z)  // 1/15!
        s = SIMD8(repeating: -1 / 6_227_020_800.0).addingProduct(s, z)  // -1/13!
        s = SIMD8(repeating: 1 / 39_916_800.0).addingProduct(s, z)  // 1/11!
        s = SIMD8(repeating: -1 / 362_880.0).addingProduct(s, z)  // -1/9!
        s = SIMD8(repeating: 1 / 5040.0).addingProduct(s, z)  // 1/7!
        s = SIMD8(repeating: -1 / 120.0).addingProduct(s, z)
        s = SIMD8(repeating: 1 / 6.0).addingProduct(s, z)
        let sine = r.addingProduct(-r * z, s)
        var c = SIMD8<Double>(repeating: 1 / 2_432_902_008_176_640_000.0)  // 1/20!
        c = SIMD8(repeating: -1 / 6_402_373_705_728_000.0).addingProduct(c, z)  // -1/18!
        c = SIMD8(repeating: 1 / 20_922_789_888_000.0).addingProduct(c, z)  // 1/16!
        c = SIMD8(repeating: -1 / 87_178_291_200.0).addingProduct(c, z)  // -1/14!
        c = SIMD8(repeating: 1 / 479_001_600.0).addingProduct(c, z)  // 1/12!
        c = SIMD8(repeating: -1 / 3_628_800.0).addingProduct(c, z)  // -1/10!
        c = SIMD8(repeating: 1 / 40320.0).addingProduct(c, z)  // 1/8!
        c = SIMD8(repeating: -1 / 720.0).addingProduct(c, z)  // -1/6!
        c = SIMD8(repeating: 1 / 24.0).addingProduct(c, z)
        c = SIMD8(repeating: -0.5).addingProduct(c, z)
        return (sine, SIMD8(repeating: 1).addingProduct(c, z))
    }

    /// sin(2 pi u) and cos(2 pi u) for u in [0, 1]: the quarter turns k = round(4u) come off in u, where
    /// u - k/4 is exact, so the only rounding before the series is 2 pi times a number of at most 1/8.
    @inlinable @inline(__always)
    public static func sinCosTurns(_ u: SIMD8<Double>) -> (sin: SIMD8<Double>, cos: SIMD8<Double>) {
        let shifter = SIMD8<Double>(repeating: roundingShifter)
        let shifted = shifter.addingProduct(u, 4)
        let quarter = bits(shifted) &- bits(shifter)
        let fraction = u.addingProduct(shifted - shifter, -0.25)
        let (s, c) = sinCosReduced(fraction * (2 * Double.pi))
        // Rotating by k quarter turns: (sin, cos) -> (cos, -sin) per turn.
        let odd = (quarter & 1) .== 1, negateSin = (quarter & 2) .== 2, negateCos = ((quarter &+ 1) & 2) .== 2
        let sine = s.replacing(with: c, where: odd), cosine = c.replacing(with: s, where: odd)
        return (sine.replacing(with: -sine, where: negateSin), cosine.replacing(with: -cosine, where: negateCos))
    }

    /// tan(x) for |x| <= pi/2: k = round(2x/pi) in {-1, 0, 1}, r = x - k pi/2 in two steps (pi/2 split in a
    /// double and its remainder), then sin/cos or -cos/sin of r.
    @inlinable @inline(__always)
    public static func tan(_ x: SIMD8<Double>) -> SIMD8<Double> {
        let shifter = SIMD8<Double>(repeating: roundingShifter)
        let shifted = shifter.addingProduct(x, 2 / Double.pi)
        let k = shifted - shifter
        let r = x.addingProduct(k, -0x1.921fb54442d18p0).addingProduct(k, -0x1.1a62633145c07p-54)
        let (s, c) = sinCosReduced(r)
        let odd = k .!= 0
        return (s / c).replacing(with: -c / s, where: odd)
    }

    /// log(1 + v) for v > -1, keeping the relative accuracy of small v: with w = 1 + v rounded,
    /// log(w) * v / (w - 1) corrects the rounding of w to first order (Goldberg's identity); where w = 1, v itself.
    @inlinable @inline(__always)
    public static func log1p(_ v: SIMD8<Double>) -> SIMD8<Double> {
        let w = 1 + v, d = w - 1
        let ratio = (v / d).replacing(with: 1, where: d .== 0)
        return (log(w) * ratio).replacing(with: v, where: d .== 0)
    }
}

extension FastMath {
    /// e^x for eight lanes.
    ///
    /// Cody-Waite reduction x = k ln2 + r with |r| <= ln2/2: k = round(x / ln2), and r = x - k ln2 in two
    /// fused steps (the first, with ln2 rounded to a double, is exact for every |k| this function sees; the
    /// second adds the rest of ln2). Overflow, underflow, +-inf and NaN fall out of the same path:
    /// arguments are clamped to [-746, 710] (beyond which the result is 0 or inf anyway), and NaN fails
    /// both clamp tests and stays NaN.
    @inlinable @inline(__always)
    public static func exp(_ x: SIMD8<Double>) -> SIMD8<Double> {
        var xc = x.replacing(with: 710, where: x .> 710)
        xc = xc.replacing(with: -746, where: xc .< -746)
        let (k, kd) = nearestMultipleOfLn2(xc)
        let r = xc.addingProduct(kd, -ln2High).addingProduct(kd, -ln2Low)
        return expReduced(r, scaledBy: k)
    }

    /// e^(a + b) for an `a` known exactly and a correction |b| < 1, without rounding a + b first: the
    /// reduction a - k ln2 is exact, so b enters the reduced argument with a single rounding of size
    /// ulp(r). erfc uses it for exp(-z^2 - 0.5625 + correction). `a` must lie in [-1400, 1400] (else the
    /// result is meaningless, but no lane traps).
    @inlinable @inline(__always)
    static func exp(_ a: SIMD8<Double>, plus b: SIMD8<Double>) -> SIMD8<Double> {
        let (k, kd) = nearestMultipleOfLn2(a + b)
        let r = (a.addingProduct(kd, -ln2High) + b).addingProduct(kd, -ln2Low)
        return expReduced(r, scaledBy: k)
    }

    /// ln2 rounded to a double, and ln2 minus that.
    @inlinable @inline(__always) static var ln2High: Double { 0x1.62e42fefa39efp-1 }
    @inlinable @inline(__always) static var ln2Low: Double { 0x1.abc9e3b39803fp-56 }

    /// k = round(x / ln2) as Int64 lanes and as doubles (|x| < 2^50).
    @inlinable @inline(__always)
    static func nearestMultipleOfLn2(_ x: SIMD8<Double>) -> (k: SIMD8<Int64>, kd: SIMD8<Double>) {
        let shifter = SIMD8<Double>(repeating: roundingShifter)
        let shifted = shifter.addingProduct(x, 0x1.71547652b82fep0)  // x log2(e) + 1.5*2^52
        return (bits(shifted) &- bits(shifter), shifted - shifter)
    }

    /// e^r * 2^k for |r| <= ~0.35 and |k| <= 2044.
    ///
    /// e^r is its Taylor series to degree 13 (truncation below 5e-18 relative), and 2^k is built from
    /// exponent bits in two halves, 2^(k/2) * 2^(k - k/2), each inside the normal exponent range: results
    /// that overflow become inf, and for results below the normal range the only rounding into the
    /// subnormals is the last multiplication, which is then correctly rounded.
    @inlinable @inline(__always)
    static func expReduced(_ r: SIMD8<Double>, scaledBy k: SIMD8<Int64>) -> SIMD8<Double> {
        var p = SIMD8<Double>(repeating: 0x1.6124613a86d09p-33)  // 1/13!
        p = SIMD8(repeating: 0x1.1eed8eff8d898p-29).addingProduct(p, r)  // 1/12!
        p = SIMD8(repeating: 0x1.ae64567f544e4p-26).addingProduct(p, r)  // 1/11!
        p = SIMD8(repeating: 0x1.27e4fb7789f5cp-22).addingProduct(p, r)  // 1/10!
        p = SIMD8(repeating: 0x1.71de3a556c734p-19).addingProduct(p, r)  // 1/9!
        p = SIMD8(repeating: 0x1.a01a01a01a01ap-16).addingProduct(p, r)  // 1/8!
        p = SIMD8(repeating: 0x1.a01a01a01a01ap-13).addingProduct(p, r)  // 1/7!
        p = SIMD8(repeating: 0x1.6c16c16c16c17p-10).addingProduct(p, r)  // 1/6!
        p = SIMD8(repeating: 0x1.1111111111111p-7).addingProduct(p, r)  // 1/5!
        p = SIMD8(repeating: 0x1.5555555555555p-5).addingProduct(p, r)  // 1/4!
        p = SIMD8(repeating: 0x1.5555555555555p-3).addingProduct(p, r)  // 1/3!
        p = SIMD8(repeating: 0.5).addingProduct(p, r)
        p = SIMD8(repeating: 1).addingProduct(p, r)
        p = SIMD8(repeating: 1).addingProduct(p, r)

        let kHalf = k &>> 1
        let exponentBias = SIMD8<Int64>(repeating: 1023)
        let scale1 = double(bits: (kHalf &+ exponentBias) &<< 52)
        let scale2 = double(bits: (k &- kHalf &+ exponentBias) &<< 52)
        return p * scale1 * scale2
    }
}

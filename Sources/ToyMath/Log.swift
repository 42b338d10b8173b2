extension FastMath {
    /// Natural logarithm for eight lanes.
    ///
    /// fdlibm-style: x = 2^k (1 + f) with 1 + f in [sqrt(2)/2, sqrt(2)), found by integer arithmetic on the
    /// bit pattern (offsetting the exponent field so the split happens at sqrt(2), not at 1). Then with
    /// s = f / (2 + f), log(1 + f) = f - f^2/2 + s (f^2/2 + R(s^2)), where R(z) = Lg1 z + ... + Lg7 z^7 is
    /// fdlibm's minimax fit, and k ln2 is added in two parts (ln2's high part has trailing zero
    /// bits, so k * ln2hi is exact). Subnormal inputs are first scaled by 2^54 into the normal range.
    /// Lanes that are not positive finite numbers are patched at the end: log(0) = -inf,
    /// log(+inf) = +inf, log(negative or NaN) = NaN.
    @inlinable @inline(__always)
    public static func log(_ x: SIMD8<Double>) -> SIMD8<Double> {
        let subnormal = x .< 0x1p-1022
        let xn = x.replacing(with: x * 0x1p54, where: subnormal)
        let kScaling = SIMD8<Int64>(repeating: 0).replacing(with: -54, where: subnormal)

        // 0x3fe6a09e << 32 is the high word of sqrt(2)/2: moving it to 0x3ff0... makes the exponent field
        // step up exactly where the mantissa passes sqrt(2).
        let sqrtHalfBits: Int64 = 0x3fe6_a09e_0000_0000
        let ix = bits(xn) &+ (0x3ff0_0000_0000_0000 - sqrtHalfBits)
        let k = (ix &>> 52) &- 0x3ff &+ kScaling
        let m = double(bits: (ix & 0x000f_ffff_ffff_ffff) &+ sqrtHalfBits)
        let f = m - 1

        let hfsq = 0.5 * f * f
        let s = f / (2 + f)
        let z = s * s
        let w = z * z
        var odd = SIMD8<Double>(repeating: 0x1.39a09d078c69fp-3)  // Lg6
        odd = SIMD8(repeating: 0x1.c71c51d8e78afp-3).addingProduct(odd, w)  // Lg4
        odd = SIMD8(repeating: 0x1.999999997fa04p-2).addingProduct(odd, w)  // Lg2
        var even = SIMD8<Double>(repeating: 0x1.2f112df3e5244p-3)  // Lg7
        even = SIMD8(repeating: 0x1.7466496cb03dep-3).addingProduct(even, w)  // Lg5
        even = SIMD8(repeating: 0x1.2492494229359p-2).addingProduct(even, w)  // Lg3
        even = SIMD8(repeating: 0x1.5555555555593p-1).addingProduct(even, w)  // Lg1
        let polynomial = (w * odd).addingProduct(z, even)

        let kd = doubles(k)
        let ln2Low = kd * 0x1.a39ef35793c76p-33
        let ln2High = kd * 0x1.62e42fee00000p-1
        var result = ln2Low.addingProduct(s, hfsq + polynomial) - hfsq + f + ln2High

        result = result.replacing(with: .infinity, where: x .== .infinity)
        result = result.replacing(with: -.infinity, where: x .== 0)
        return result.replacing(with: .nan, where: .!(x .>= 0))
    }
}

/// erf and erfc for eight lanes, after fdlibm's s_erf.c (constants from there; see its comments for how
/// they were fitted). fdlibm branches on |x|; here every lane runs the same instructions and the regions
/// are chosen with lane masks:
///
/// - A, |x| < 0.84375: erf(x) = x + x P(x^2)/Q(x^2).
/// - B, |x| < 1.25: erf(|x|) = erx + P(|x| - 1)/Q(|x| - 1), with erx = erf(1) rounded to float.
/// - C/D, |x| >= 1.25: erfc(|x|) = exp(-x^2 - 0.5625 + R(1/x^2)/S(1/x^2)) / |x|, with one fit up to 1/0.35
///   (C) and one beyond (D).
///
/// Every lane evaluates all four fits (independent chains of fused multiply-adds, which the CPU overlaps)
/// and keeps its own region's numerator and denominator; then one division serves all lanes.
extension FastMath {
    /// erf(x): odd, so computed on |x| with the sign of x put back (erf(-0) = -0).
    @inlinable @inline(__always)
    public static func erf(_ x: SIMD8<Double>) -> SIMD8<Double> {
        let ax = magnitude(x)
        let (q, _, tail) = erfPieces(ax)
        var result = 1 - tail
        result = result.replacing(with: erx + q, where: ax .< 1.25)
        result = result.replacing(with: ax.addingProduct(ax, q), where: ax .< 0.84375)
        result = result.replacing(with: 1, where: ax .>= 6)  // below half an ulp from 1 (also +-inf)
        return double(bits: bits(result) | (bits(x) & Int64.min))
    }

    /// erfc(x) = 1 - erf(x), computed without the cancellation: for x >= 1.25 straight from the C/D
    /// asymptotic form, so it keeps full relative accuracy until it underflows (x ~ 27); for x in
    /// [0.84375, 1.25) as (1 - erx) - P/Q with P/Q carried to twice double precision.
    @inlinable @inline(__always)
    public static func erfc(_ x: SIMD8<Double>) -> SIMD8<Double> {
        let ax = magnitude(x)
        let (q, qLow, tail) = erfPieces(ax)
        let positive = x .> 0
        var result = (2 - tail).replacing(with: tail, where: positive)
        let regionB = (1 + (erx + q)).replacing(with: ((1 - erx) - q) - qLow, where: positive)
        result = result.replacing(with: regionB, where: ax .< 1.25)
        // Region A: below x = 1/4 erf(x) is small enough to subtract from 1; above, fdlibm's rearrangement
        // 0.5 - (x q + (x - 0.5)) avoids the cancellation.
        let xq = x * q
        let regionA = (1 - (x + xq)).replacing(with: 0.5 - (xq + (x - 0.5)), where: x .>= 0.25)
        result = result.replacing(with: regionA, where: ax .< 0.84375)
        result = result.replacing(with: 0, where: x .>= 28)  // below the smallest subnormal (also +inf)
        return result.replacing(with: 2, where: x .<= -6)  // within half an ulp of 2 (also -inf)
    }

    /// erf(1) rounded to single precision: region B approximates erf(|x|) - erx.
    @inlinable @inline(__always)
    static var erx: Double { 0x1.b0ac160000000p-1 }

    /// For |x| = `ax` (NaN lanes give NaN): `q` + `qLow`, the region's rational function (A: P/Q in x^2,
    /// B: P/Q in |x| - 1, C/D: R/S in 1/x^2) as a rounded value and the rest; and `tail` = erfc(|x|) for
    /// the C/D lanes (garbage elsewhere; not computed at all when no lane needs it). The exponent is split as
    /// (-z^2 - 0.5625) + ((z - |x|)(z + |x|) + R/S), with z = |x| cut to 21 significant bits, so that the
    /// large first part is exact and goes into exp(_:plus:) unrounded.
    @inlinable @inline(__always)
    static func erfPieces(_ ax: SIMD8<Double>) -> (q: SIMD8<Double>, qLow: SIMD8<Double>, tail: SIMD8<Double>) {
        let xx = ax * ax

        // Regions A and B, each polynomial up to its last Horner step.
        let tA = xx
        let numA = polynomial(tA, degree: 3, SIMD8(  // pp1...pp4
            -0x1.4cd7d691cb913p-2, -0x1.d2a51dbd7194fp-6, -0x1.7a291236668e4p-8, -0x1.8ead6120016acp-16,
            0, 0, 0, 0))
        let denA = polynomial(tA, degree: 4, SIMD8(  // qq1...qq5
            0x1.97779cddadc09p-2, 0x1.0a54c5536cebap-4, 0x1.4d022c4d36b0fp-8, 0x1.15dc9221c1a10p-13,
            -0x1.09c4342a26120p-18, 0, 0, 0))
        let tB = ax - 1
        let numB = polynomial(tB, degree: 5, SIMD8(  // pa1...pa6
            0x1.a8d00ad92b34dp-2, -0x1.7d240fbb8c3f1p-2, 0x1.45fca805120e4p-2, -0x1.c63983d3e28ecp-4,
            0x1.22a36599795ebp-5, -0x1.1bf380a96073fp-9, 0, 0))
        let denB = polynomial(tB, degree: 5, SIMD8(  // qa1...qa6
            0x1.b3e6618eee323p-4, 0x1.14af092eb6f33p-1, 0x1.2635cd99fe9a7p-4, 0x1.02660e763351fp-3,
            0x1.bedc26b51dd1cp-7, 0x1.88b545735151dp-7, 0, 0))

        // The last steps, P = pp0/pa0 + t numAB and Q = 1 + t denAB, kept unrounded as high + low parts:
        // in region B erfc(x) = (1 - erx) - P/Q cancels to half of 1 - erx, and these roundings would
        // otherwise reach the result as several ulp.
        let inB = ax .>= 0.84375
        let tAB = tA.replacing(with: tB, where: inB)
        let numAB = numA.replacing(with: numB, where: inB)
        let denAB = denA.replacing(with: denB, where: inB)
        let constantAB = SIMD8<Double>(repeating: 0x1.06eba8214db68p-3)  // pp0
            .replacing(with: -0x1.359b8bef77538p-9, where: inB)  // pa0
        let product = tAB * numAB
        let productError = (-product).addingProduct(tAB, numAB)
        let (numHigh, sumError) = twoSum(constantAB, product)
        let numLow = sumError + productError
        let denHigh = SIMD8<Double>(repeating: 1).addingProduct(tAB, denAB)
        let denLow = (1 - denHigh).addingProduct(tAB, denAB)  // exact subtraction: denHigh is in [0.5, 2]

        // Regions C and D (denominators 1 + t S'(t)).
        let tCD = 1 / xx
        let numC = polynomial(tCD, degree: 7, SIMD8(  // ra0...ra7
            -0x1.43412600d6435p-7, -0x1.63416e4ba7360p-1, -0x1.51e0441b0e726p+3, -0x1.f300ae4cba38dp+5,
            -0x1.44cb184282266p+7, -0x1.7135cebccabb2p+7, -0x1.4526557e4d2f2p+6, -0x1.3a0efc69ac25cp+3))
        let denC = horner(polynomial(tCD, degree: 7, SIMD8(  // sa1...sa8
            0x1.3a6b9bd707687p+4, 0x1.1350c526ae721p+7, 0x1.b290dd58a1a71p+8, 0x1.42b1921ec2868p+9,
            0x1.ad02157700314p+8, 0x1.b28a3ee48ae2cp+6, 0x1.a47ef8e484a93p+2, -0x1.eeff2ee749a62p-5)), tCD, 1)
        let numD = polynomial(tCD, degree: 6, SIMD8(  // rb0...rb6
            -0x1.4341239e86f4ap-7, -0x1.993ba70c285dep-1, -0x1.1c209555f995ap+4, -0x1.4145d43c5ed98p+7,
            -0x1.3ec881375f228p+9, -0x1.004616a2e5992p+10, -0x1.e384e9bdc383fp+8, 0))
        let denD = horner(polynomial(tCD, degree: 6, SIMD8(  // sb1...sb7
            0x1.e568b261d5190p+4, 0x1.45cae221b9f0ap+8, 0x1.802eb189d5118p+10, 0x1.8ffb7688c246ap+11,
            0x1.3f219cedf3be6p+11, 0x1.da874e79fe763p+8, -0x1.670e242712d62p+4, 0)), tCD, 1)
        let inD = ax .>= 0x1.6db6db6db6db7p+1  // 1/0.35

        // One reciprocal for all lanes' quotients; the residual num - q0 den (one rounding, by FMA) plus
        // the low parts corrects q0 to q + qLow, the quotient to about twice double precision.
        let small = ax .< 1.25
        let num = numC.replacing(with: numD, where: inD).replacing(with: numHigh, where: small)
        let den = denC.replacing(with: denD, where: inD).replacing(with: denHigh, where: small)
        let inverse = 1 / den
        let q0 = num * inverse
        let lowParts = SIMD8<Double>.zero.replacing(with: numLow.addingProduct(-q0, denLow), where: small)
        let correction = (num.addingProduct(-q0, den) + lowParts) * inverse
        let q = q0 + correction
        let qLow = correction - (q - q0)

        guard any(.!small) else { return (q, qLow, .zero) }
        let z = double(bits: bits(ax) & ~0xffff_ffff)
        let exact = SIMD8<Double>(repeating: -0.5625).addingProduct(-z, z)
        return (q, qLow, exp(exact, plus: (z - ax) * (z + ax) + q) / ax)
    }

    /// a + b as the rounded sum and its exact rounding error (Knuth's TwoSum, no ordering needed).
    @inlinable @inline(__always)
    static func twoSum(_ a: SIMD8<Double>, _ b: SIMD8<Double>) -> (sum: SIMD8<Double>, error: SIMD8<Double>) {
        let sum = a + b
        let bPart = sum - a
        return (sum, (a - (sum - bPart)) + (b - bPart))
    }

    /// c[0] + c[1] t + ... + c[degree] t^degree by Horner's rule. Inlined with constant coefficients and
    /// degree, the loop unrolls into one fused multiply-add per coefficient.
    @inlinable @inline(__always)
    static func polynomial(_ t: SIMD8<Double>, degree: Int, _ c: SIMD8<Double>) -> SIMD8<Double> {
        var acc = SIMD8(repeating: c[degree])
        var i = degree
        while i > 0 {  // a plain countdown, which the optimiser unrolls completely (a stride does not)
            i -= 1
            acc = horner(acc, t, c[i])
        }
        return acc
    }

    /// One Horner step acc * t + c.
    @inlinable @inline(__always)
    static func horner(_ acc: SIMD8<Double>, _ t: SIMD8<Double>, _ c: Double) -> SIMD8<Double> {
        SIMD8(repeating: c).addingProduct(acc, t)
    }
}

/// Shared test tools: a seeded generator, ulp distances, and the accuracy sweep every function runs.

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and the same sequence on every platform, so a failing
/// sample reproduces.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Uniform in [a, b).
    mutating func uniform(_ a: Double, _ b: Double) -> Double {
        a + (b - a) * Double(next() >> 11) * 0x1p-53
    }

    /// A finite double whose bit pattern is random: uniform in the exponent, so every binade (subnormals
    /// included) is sampled alike. Rejects patterns outside |x| <= limit.
    mutating func anyFinite(magnitudeAtMost limit: Double) -> Double {
        while true {
            let x = Double(bitPattern: next())
            if x.magnitude <= limit { return x }
        }
    }
}

/// Distance in representable doubles between a and b: the bit patterns mapped to a monotone integer
/// scale (negative numbers mirrored below zero, so -0 and +0 coincide), then subtracted. NaN is at
/// distance 0 from NaN and infinitely far from everything else.
func ulpDistance(_ a: Double, _ b: Double) -> UInt64 {
    if a.isNaN || b.isNaN { return a.isNaN && b.isNaN ? 0 : .max }
    func ordered(_ x: Double) -> Int64 {
        let i = Int64(bitPattern: x.bitPattern)
        return i < 0 ? Int64.min &- i : i
    }
    let (d, overflow) = ordered(a).subtractingReportingOverflow(ordered(b))
    return overflow ? .max : d.magnitude
}

/// Worst ulp error of a sweep, where it happened, and whether the scalar twin matched the vector lanes.
struct Accuracy: CustomStringConvertible {
    var maxUlp: UInt64 = 0
    var worstArgument = 0.0
    var compared = 0
    var twinMismatches = 0

    var description: String {
        "max \(maxUlp) ulp at x = \(worstArgument) over \(compared) arguments, \(twinMismatches) twin mismatches"
    }
}

/// Runs `count` arguments from `sample` through the vector function (eight at a time) and compares every
/// lane with `reference` (glibc through Foundation), skipping lanes where `compares` is false. One lane
/// per vector, rotating, is also recomputed with the scalar twin and must match bit for bit.
func sweep(
    _ count: Int, seed: UInt64,
    sample: (inout SplitMix64) -> Double,
    vector: (SIMD8<Double>) -> SIMD8<Double>,
    scalar: (Double) -> Double,
    reference: (Double) -> Double,
    compares: (_ reference: Double) -> Bool = { _ in true }
) -> Accuracy {
    var rng = SplitMix64(state: seed)
    var accuracy = Accuracy()
    var x = SIMD8<Double>()
    for v in 0..<(count / 8) {
        for i in 0..<8 { x[i] = sample(&rng) }
        let y = vector(x)
        for i in 0..<8 {
            let expected = reference(x[i])
            guard compares(expected) else { continue }
            accuracy.compared += 1
            let d = ulpDistance(y[i], expected)
            if d > accuracy.maxUlp { (accuracy.maxUlp, accuracy.worstArgument) = (d, x[i]) }
        }
        let lane = v % 8
        if scalar(x[lane]).bitPattern != y[lane].bitPattern { accuracy.twinMismatches += 1 }
    }
    return accuracy
}

/// Bitwise equality that also holds for NaN (any NaN matches any NaN).
func same(_ a: Double, _ b: Double) -> Bool {
    a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
}

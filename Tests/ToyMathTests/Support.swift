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

/// Error of `y` in ulps of the exact result, from a reference `exact` carried with 11 more bits than a
/// double (glibc's long double functions, themselves within a few long-double ulp). The ulp is the spacing
/// of the doubles in the binade holding the exact value (the subnormal spacing below the normal range).
func ulpError(_ y: Double, exact: Float80) -> Double {
    if exact.isNaN { return y.isNaN ? 0 : .infinity }
    let nearest = Double(exact)
    if nearest.isInfinite || y.isInfinite || y.isNaN { return y == nearest ? 0 : .infinity }
    let m = nearest.magnitude
    let ulp = Float80(m) > exact.magnitude ? m.nextDown.ulp : m.ulp
    return Double((Float80(y) - exact).magnitude / Float80(ulp))
}

/// The outcome of a sweep: the worst error against the precise reference (what the accuracy bounds
/// are about), the worst distance from glibc's double result (the comparison a user would make), and
/// glibc's own worst error, which shows how much of that distance is glibc's.
struct Accuracy: CustomStringConvertible {
    var maxError = 0.0
    var worstArgument = 0.0
    var maxDistanceFromGlibc: UInt64 = 0
    var glibcMaxError = 0.0
    var compared = 0
    var twinMismatches = 0

    var description: String {
        let error = (maxError * 1000).rounded() / 1000
        let glibc = (glibcMaxError * 1000).rounded() / 1000
        return "max error \(error) ulp (at x = \(worstArgument)), max distance from glibc \(maxDistanceFromGlibc) ulp "
            + "(glibc's own max error \(glibc) ulp), over \(compared) arguments; \(twinMismatches) twin mismatches"
    }
}

/// Runs `count` arguments from `sample` through the vector function (eight at a time) and measures every
/// lane against glibc: `precise` (long double) for the error, `glibc` (double) for the distance. Lanes
/// whose exact result fails `compares` are skipped. One lane in every eighth vector, rotating, is also
/// recomputed with the scalar twin (which costs a whole vector evaluation) and must match bit for bit.
func sweep(
    _ count: Int, seed: UInt64,
    sample: (inout SplitMix64) -> Double,
    vector: (SIMD8<Double>) -> SIMD8<Double>,
    scalar: (Double) -> Double,
    glibc: (Double) -> Double,
    precise: (Float80) -> Float80,
    compares: (_ exact: Float80) -> Bool = { _ in true }
) -> Accuracy {
    var rng = SplitMix64(state: seed)
    var accuracy = Accuracy()
    var x = SIMD8<Double>()
    for v in 0..<(count / 8) {
        for i in 0..<8 { x[i] = sample(&rng) }
        let y = vector(x)
        for i in 0..<8 {
            let exact = precise(Float80(x[i]))
            guard compares(exact) else { continue }
            accuracy.compared += 1
            let error = ulpError(y[i], exact: exact)
            if error > accuracy.maxError { (accuracy.maxError, accuracy.worstArgument) = (error, x[i]) }
            let reference = glibc(x[i])
            accuracy.maxDistanceFromGlibc = max(accuracy.maxDistanceFromGlibc, ulpDistance(y[i], reference))
            accuracy.glibcMaxError = max(accuracy.glibcMaxError, ulpError(reference, exact: exact))
        }
        if v % 8 == 0, scalar(x[v / 8 % 8]).bitPattern != y[v / 8 % 8].bitPattern { accuracy.twinMismatches += 1 }
    }
    return accuracy
}

/// Bitwise equality that also holds for NaN (any NaN matches any NaN).
func same(_ a: Double, _ b: Double) -> Bool {
    a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
}

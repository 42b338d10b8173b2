/// Reinterpreting vectors between Double and Int64 lanes: the exponent field of a double is where
/// exp builds 2^k and log reads k, and SIMD types have no `bitPattern` initialisers of their own.
/// Both types are 64 bytes, so the casts are free (no instructions).
extension FastMath {
    @inlinable @inline(__always)
    static func bits(_ x: SIMD8<Double>) -> SIMD8<Int64> { unsafeBitCast(x, to: SIMD8<Int64>.self) }

    @inlinable @inline(__always)
    static func double(bits: SIMD8<Int64>) -> SIMD8<Double> { unsafeBitCast(bits, to: SIMD8<Double>.self) }

    /// |x| lane-wise, by clearing the sign bits (exact, and NaN stays NaN).
    @inlinable @inline(__always)
    static func magnitude(_ x: SIMD8<Double>) -> SIMD8<Double> { double(bits: bits(x) & Int64.max) }

    /// 1.5 * 2^52: adding it to |v| < 2^51 rounds v to the nearest integer, which then sits in the low
    /// mantissa bits. This converts between doubles and Int64 lanes without the per-lane (and, for NaN,
    /// trapping) conversions of the standard library.
    @inlinable @inline(__always)
    static var roundingShifter: Double { 0x1.8p52 }

    /// Int64 lanes (|k| < 2^51) as doubles.
    @inlinable @inline(__always)
    static func doubles(_ k: SIMD8<Int64>) -> SIMD8<Double> {
        let shifter = SIMD8<Double>(repeating: roundingShifter)
        return double(bits: k &+ bits(shifter)) - shifter
    }
}

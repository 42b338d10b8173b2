/// Vectorised special functions for the likelihood's hot loops (SIMD8<Double>, one AVX-512 register),
/// with scalar twins.
///
/// The algorithms live in one file per function (Exp.swift, Log.swift, Erf.swift); the block kernels
/// (BlockKernels.swift) and the deterministic sums (CompensatedSum.swift) build on them. Everything is
/// `@inlinable` so it compiles into the caller with the caller's CPU flags (FMA, 512-bit vectors).
///
/// Each scalar twin runs the vector algorithm on a splatted argument and returns lane 0. That costs one
/// vector evaluation per call, but it guarantees what callers rely on: a value computed by the scalar
/// path (say, a normalisation) is bitwise identical to the same value computed inside a block kernel.
public enum FastMath {
    /// e^x: error below 1 ulp (measured against long-double glibc), subnormal results correctly scaled.
    @inlinable public static func exp(_ x: Double) -> Double { exp(SIMD8(repeating: x))[0] }

    /// Natural logarithm: error below 1 ulp (measured), subnormal arguments included.
    @inlinable public static func log(_ x: Double) -> Double { log(SIMD8(repeating: x))[0] }

    /// Error function: error below 1 ulp (measured), relative accuracy kept down to subnormal x.
    @inlinable public static func erf(_ x: Double) -> Double { erf(SIMD8(repeating: x))[0] }

    /// Complementary error function 1 - erf(x): error below 2.5 ulp (measured) relative to its own,
    /// possibly tiny, value, down to 1e-300.
    @inlinable public static func erfc(_ x: Double) -> Double { erfc(SIMD8(repeating: x))[0] }
}

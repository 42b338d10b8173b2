import Foundation

/// Vectorised special functions for the likelihood's hot loops, with scalar twins.
/// PLACEHOLDER: lane-wise Foundation calls; the ToyMath work replaces the insides with SIMD kernels.
public enum FastMath {
    @inlinable public static func exp(_ x: SIMD8<Double>) -> SIMD8<Double> { lanewise(x, Foundation.exp) }
    @inlinable public static func log(_ x: SIMD8<Double>) -> SIMD8<Double> { lanewise(x, Foundation.log) }
    @inlinable public static func erf(_ x: SIMD8<Double>) -> SIMD8<Double> { lanewise(x, Foundation.erf) }
    @inlinable public static func erfc(_ x: SIMD8<Double>) -> SIMD8<Double> { lanewise(x, Foundation.erfc) }
    @inlinable public static func exp(_ x: Double) -> Double { Foundation.exp(x) }
    @inlinable public static func log(_ x: Double) -> Double { Foundation.log(x) }
    @inlinable public static func erf(_ x: Double) -> Double { Foundation.erf(x) }
    @inlinable public static func erfc(_ x: Double) -> Double { Foundation.erfc(x) }

    @inlinable static func lanewise(_ x: SIMD8<Double>, _ f: (Double) -> Double) -> SIMD8<Double> {
        var r = x
        for i in 0..<8 { r[i] = f(x[i]) }
        return r
    }
}

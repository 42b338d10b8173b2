import Foundation
import ToyMath

/// Exponential decay exp(-x/tau), tau > 0; role [tau]. Evaluated as exp(-(x - lower)/tau) (the same pdf once
/// normalised) so a small tau cannot underflow the whole range to 0/0.
struct Exponential: LogLinearPDF {
    let tau: Double
    let origin: Double

    static let positiveRoles = [0]

    init?(shape: ShapeValues, range: ObservableRange) {
        tau = shape[0]
        origin = range.lower
        guard tau > 0, tau.isFinite else { return nil }
    }

    func density(at x: Double) -> Double { Foundation.exp(-(x - origin) / tau) }

    /// tau (g(a) - g(b)), the difference by expm1 so a long lifetime keeps its digits;
    /// d/dtau = (g(a) - g(b)) + ((a - origin) g(a) - (b - origin) g(b)) / tau.
    func integral(from a: Double, to b: Double) -> (value: Double, gradient: SIMD8<Double>) {
        let ga = density(at: a), gb = density(at: b)
        let difference = -ga * Foundation.expm1(-(b - a) / tau)
        var gradient = SIMD8<Double>()
        gradient[0] = difference + ((a - origin) * ga - (b - origin) * gb) / tau
        return (tau * difference, gradient)
    }

    func fillLogDensity(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int, logScale: Double) {
        let o = SIMD8(repeating: origin), k = SIMD8(repeating: -1 / tau)
        let offset = SIMD8(repeating: logScale)
        for i in stride(from: 0, to: count, by: 8) {
            out.storeLanes(offset.addingProduct(x.lanes(i) - o, k), at: i)
        }
    }

    /// d log g/d tau = (x - origin)/tau^2.
    func accumulateLogGradient(_ x: UnsafePointer<Double>, weights w: UnsafePointer<Double>, count: Int,
                               into sums: inout SIMD8<Double>) {
        let o = SIMD8(repeating: origin)
        var acc = SIMD8<Double>()
        for i in stride(from: 0, to: count, by: 8) {
            acc = acc.addingProduct(w.lanes(i), x.lanes(i) - o)
        }
        sums[0] += acc.sum() / (tau * tau)
    }

    /// d2 log g/d tau^2 = -2 (x - origin)/tau^3.
    func accumulateLogHessian(_ x: UnsafePointer<Double>, weights w: UnsafePointer<Double>, count: Int,
                              gradientRows rows: UnsafeMutablePointer<Double>, stride: Int,
                              into hessian: inout RoleMatrix) {
        let o = SIMD8(repeating: origin), inverseSquare = SIMD8(repeating: 1 / (tau * tau))
        var acc = SIMD8<Double>()
        for i in Swift.stride(from: 0, to: count, by: 8) {
            let d = x.lanes(i) - o
            rows.storeLanes(d * inverseSquare, at: i)
            acc = acc.addingProduct(w.lanes(i), d)
        }
        hessian[role: 0, 0] -= 2 * acc.sum() / (tau * tau * tau)
    }

    /// With A = a - origin, B = b - origin: d2 I/d tau^2 = (A^2 g(a) - B^2 g(b))/tau^3 (the integral of
    /// (u^2/tau^4 - 2u/tau^3) e^(-u/tau), by parts).
    func integralHessian(from a: Double, to b: Double) -> RoleMatrix {
        let da = a - origin, db = b - origin
        var hessian = RoleMatrix()
        hessian[0] = (da * da * density(at: a) - db * db * density(at: b)) / (tau * tau * tau)
        return hessian
    }

    /// The closed-form inverse CDF, origin - tau log1p(u expm1(-width/tau)). expm1 keeps a lifetime far above the
    /// width exact: u expm1 is then small and needs log1p to keep its digits. Otherwise (|expm1| >= 1/2) log of
    /// 1 + u expm1 is as good (its rounding moves x by about tau 2^-53, below the range's resolution) and cheaper;
    /// far below the width expm1 is -1 and 1 - u is exact.
    func sample(into sink: inout EventSink, range: ObservableRange, uniforms: inout UniformBuffer) {
        let span = Foundation.expm1(-range.width / tau)
        let o = SIMD8(repeating: origin), t = SIMD8(repeating: -tau), s = SIMD8(repeating: span)
        if span > -0.5 {
            while !sink.isFull {
                sink.store(o.addingProduct(t, FastMath.log1p(uniforms.next() * s)))
            }
        } else {
            while !sink.isFull {
                sink.store(o.addingProduct(t, FastMath.log(SIMD8(repeating: 1).addingProduct(uniforms.next(), s))))
            }
        }
    }
}

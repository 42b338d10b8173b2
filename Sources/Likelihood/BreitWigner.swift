import Foundation
import ToyMath

/// Non-relativistic Breit-Wigner 1/((x - mean)^2 + width^2/4), width the full width; roles [mean, width].
struct BreitWigner: ShapePDF {
    let mean: Double
    let halfWidth: Double

    static let positiveRoles = [1]

    init?(shape: ShapeValues, range: ObservableRange) {
        mean = shape[0]
        halfWidth = 0.5 * shape[1]
        guard halfWidth > 0, mean.isFinite, halfWidth.isFinite else { return nil }
    }

    func density(at x: Double) -> Double {
        let d = x - mean
        return 1 / (d * d + halfWidth * halfWidth)
    }

    /// (atan(ub) - atan(ua))/h with u = (x - mean)/h, h the half width; d/dmean = g(a) - g(b) (location
    /// family); d/dwidth = -I/(2h) - (ub/(1+ub^2) - ua/(1+ua^2))/(2h^2).
    func integral(from a: Double, to b: Double) -> (value: Double, gradient: SIMD8<Double>) {
        let ua = (a - mean) / halfWidth, ub = (b - mean) / halfWidth
        let value = (Foundation.atan(ub) - Foundation.atan(ua)) / halfWidth
        var gradient = SIMD8<Double>()
        gradient[0] = density(at: a) - density(at: b)
        gradient[1] = -0.5 * value / halfWidth - 0.5 * (ub / (1 + ub * ub) - ua / (1 + ua * ua)) / (halfWidth * halfWidth)
        return (value, gradient)
    }

    func fillDensity(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int, scale: Double) {
        let m = SIMD8(repeating: mean), h2 = SIMD8(repeating: halfWidth * halfWidth), s = SIMD8(repeating: scale)
        for i in stride(from: 0, to: count, by: 8) {
            let d = x.lanes(i) - m
            out.storeLanes(s / h2.addingProduct(d, d), at: i)
        }
    }

    /// d log g/d mean = 2 (x - mean)/D, d log g/d width = -h/D, D = (x - mean)^2 + h^2.
    func accumulateLogGradient(_ x: UnsafePointer<Double>, weights w: UnsafePointer<Double>, count: Int,
                               into sums: inout SIMD8<Double>) {
        let m = SIMD8(repeating: mean), h2 = SIMD8(repeating: halfWidth * halfWidth)
        var byMean = SIMD8<Double>(), byWidth = SIMD8<Double>()
        for i in stride(from: 0, to: count, by: 8) {
            let d = x.lanes(i) - m
            let wOverD = w.lanes(i) / h2.addingProduct(d, d)
            byMean = byMean.addingProduct(wOverD, d)
            byWidth += wOverD
        }
        sums[0] += 2 * byMean.sum()
        sums[1] -= halfWidth * byWidth.sum()
    }

    /// d2 log g: mean mean 2(d^2 - h^2)/D^2, mean width -2dh/D^2, width width (h^2 - d^2)/(2D^2) (d = x - mean).
    func accumulateLogHessian(_ x: UnsafePointer<Double>, weights w: UnsafePointer<Double>, count: Int,
                              gradientRows rows: UnsafeMutablePointer<Double>, stride: Int,
                              into hessian: inout RoleMatrix) {
        let m = SIMD8(repeating: mean), h = SIMD8(repeating: halfWidth), h2 = h * h
        var byMean = SIMD8<Double>(), mixed = byMean, byWidth = byMean
        for i in Swift.stride(from: 0, to: count, by: 8) {
            let d = x.lanes(i) - m, inverse = 1 / h2.addingProduct(d, d), wi = w.lanes(i)
            rows.storeLanes(2 * d * inverse, at: i)
            (rows + stride).storeLanes(-h * inverse, at: i)
            let wSquare = wi * inverse * inverse
            byMean = byMean.addingProduct(wSquare, d * d - h2)
            mixed = mixed.addingProduct(wSquare, d)
            byWidth = byWidth.addingProduct(wSquare, 0.5 * (h2 - d * d))
        }
        hessian[role: 0, 0] += 2 * byMean.sum()
        hessian[role: 0, 1] -= 2 * halfWidth * mixed.sum()
        hessian[role: 1, 0] -= 2 * halfWidth * mixed.sum()
        hessian[role: 1, 1] += byWidth.sum()
    }

    /// Mean row by the location identity (`LocationScale`); with F(h) = atan(B/h) - atan(A/h) = h I,
    /// A = a - mean, B = b - mean: F' = A g(a) - B g(b), F'' = 2h (B g(b)^2 - A g(a)^2), and
    /// d2 I/d width^2 = (F''/h - 2F'/h^2 + 2F/h^3)/4.
    func integralHessian(from a: Double, to b: Double) -> RoleMatrix {
        var hessian = RoleMatrix()
        LocationScale.fill(&hessian, of: self, from: a, to: b, location: 0, at: mean)
        let da = a - mean, db = b - mean, ga = density(at: a), gb = density(at: b), h = halfWidth
        let f = integral(from: a, to: b).value * h
        let slope = da * ga - db * gb, curvature = 2 * h * (db * gb * gb - da * ga * ga)
        hessian[role: 1, 1] = 0.25 * (curvature / h - 2 * slope / (h * h) + 2 * f / (h * h * h))
        return hessian
    }

    /// The inverse CDF, linear in the angle atan((x - mean)/h). A range on one side of the peak works with the
    /// angle seen from the far end, phi = atan(h/|x - mean|), and x = mean +- h/tan(phi): a peak far outside
    /// the range then keeps full relative precision (the straight angle would sit within rounding of pi/2).
    func sample(into sink: inout EventSink, range: ObservableRange, uniforms: inout UniformBuffer) {
        let ua = (range.lower - mean) / halfWidth, ub = (range.upper - mean) / halfWidth
        let m = SIMD8(repeating: mean)
        if ua >= 0 || ub <= 0 {
            let side = ua >= 0 ? 1.0 : -1.0
            let (near, far) = ua >= 0 ? (ua, ub) : (-ub, -ua)
            let start = Foundation.atan(1 / near), step = Foundation.atan(1 / far) - start
            let h = SIMD8(repeating: side * halfWidth), a = SIMD8(repeating: start), d = SIMD8(repeating: step)
            while !sink.isFull {
                sink.store(m + h / FastMath.tan(a.addingProduct(uniforms.next(), d)))
            }
        } else {
            let start = Foundation.atan(ua), step = Foundation.atan(ub) - start
            let h = SIMD8(repeating: halfWidth), a = SIMD8(repeating: start), d = SIMD8(repeating: step)
            while !sink.isFull {
                sink.store(m.addingProduct(h, FastMath.tan(a.addingProduct(uniforms.next(), d))))
            }
        }
    }
}

import Foundation
import ToyMath

/// Gaussian exp(-t^2/2), t = (x - mu)/sigma; roles [mu, sigma].
struct Gaussian: LogLinearPDF {
    let mu: Double
    let sigma: Double

    static let positiveRoles = [1]

    init?(shape: ShapeValues, range: ObservableRange) {
        mu = shape[0]
        sigma = shape[1]
        guard sigma > 0, mu.isFinite, sigma.isFinite else { return nil }
    }

    func density(at x: Double) -> Double {
        let t = (x - mu) / sigma
        return Foundation.exp(-0.5 * t * t)
    }

    /// sigma times the standard normal mass; d/dmu = g(a) - g(b); d/dsigma = I/sigma + ta g(a) - tb g(b)
    /// (the location-scale identities).
    func integral(from a: Double, to b: Double) -> (value: Double, gradient: SIMD8<Double>) {
        let ta = (a - mu) / sigma, tb = (b - mu) / sigma
        let value = sigma * StandardNormal.mass(from: ta, to: tb)
        let ga = Foundation.exp(-0.5 * ta * ta), gb = Foundation.exp(-0.5 * tb * tb)
        var gradient = SIMD8<Double>()
        gradient[0] = ga - gb
        gradient[1] = value / sigma + ta * ga - tb * gb
        return (value, gradient)
    }

    func fillLogDensity(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int, logScale: Double) {
        let m = SIMD8(repeating: mu), s = SIMD8(repeating: 1 / sigma)
        let offset = SIMD8(repeating: logScale), half = SIMD8<Double>(repeating: -0.5)
        for i in stride(from: 0, to: count, by: 8) {
            let t = (x.lanes(i) - m) * s
            out.storeLanes(offset.addingProduct(half * t, t), at: i)
        }
    }

    /// d log g/d mu = t/sigma, d log g/d sigma = t^2/sigma.
    func accumulateLogGradient(_ x: UnsafePointer<Double>, weights w: UnsafePointer<Double>, count: Int,
                               into sums: inout SIMD8<Double>) {
        let m = SIMD8(repeating: mu), s = SIMD8(repeating: 1 / sigma)
        var first = SIMD8<Double>(), second = SIMD8<Double>()
        for i in stride(from: 0, to: count, by: 8) {
            let t = (x.lanes(i) - m) * s
            let wt = w.lanes(i) * t
            first += wt
            second = second.addingProduct(wt, t)
        }
        sums[0] += first.sum() / sigma
        sums[1] += second.sum() / sigma
    }

    /// d2 log g: mu mu -1/sigma^2, mu sigma -2t/sigma^2, sigma sigma -3t^2/sigma^2.
    func accumulateLogHessian(_ x: UnsafePointer<Double>, weights w: UnsafePointer<Double>, count: Int,
                              gradientRows rows: UnsafeMutablePointer<Double>, stride: Int,
                              into hessian: inout RoleMatrix) {
        let m = SIMD8(repeating: mu), s = SIMD8(repeating: 1 / sigma)
        var plain = SIMD8<Double>(), first = plain, second = plain
        for i in Swift.stride(from: 0, to: count, by: 8) {
            let t = (x.lanes(i) - m) * s, wi = w.lanes(i)
            rows.storeLanes(t * s, at: i)
            (rows + stride).storeLanes(t * t * s, at: i)
            plain += wi
            first = first.addingProduct(wi, t)
            second = second.addingProduct(wi * t, t)
        }
        let inverseVariance = 1 / (sigma * sigma)
        hessian[role: 0, 0] -= plain.sum() * inverseVariance
        let mixed = -2 * first.sum() * inverseVariance
        hessian[role: 0, 1] += mixed
        hessian[role: 1, 0] += mixed
        hessian[role: 1, 1] -= 3 * second.sum() * inverseVariance
    }

    /// Closed form by the location-scale identities (`LocationScale`).
    func integralHessian(from a: Double, to b: Double) -> RoleMatrix {
        var hessian = RoleMatrix()
        LocationScale.fill(&hessian, of: self, from: a, to: b, location: 0, at: mu, scale: (1, sigma))
        return hessian
    }

    /// The truncated standard normal on the standardised range (`TruncatedNormal` picks the method).
    func sample(into sink: inout EventSink, range: ObservableRange, uniforms: inout UniformBuffer) {
        TruncatedNormal(from: (range.lower - mu) / sigma, to: (range.upper - mu) / sigma)
            .sample(into: &sink, uniforms: &uniforms, location: mu, scale: sigma)
    }
}

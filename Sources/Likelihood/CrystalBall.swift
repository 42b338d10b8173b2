import Foundation
import ToyMath

/// Crystal Ball: Gaussian core exp(-t^2/2) for t > -|alpha|, power-law tail A (B - t)^-n below, with
/// t = s (x - mu)/sigma, s = sign(alpha) (alpha > 0: tail on the low side; alpha < 0 mirrors it to the high side),
/// A = (n/|alpha|)^n exp(-alpha^2/2), B = n/|alpha| - |alpha|. Roles [mu, sigma, alpha, n].
struct CrystalBall: LogLinearPDF {
    let mu: Double
    let sigma: Double
    let side: Double
    let alpha: Double
    let n: Double
    let logA: Double
    let b: Double

    static let positiveRoles = [1, 3]

    init?(shape: ShapeValues, range: ObservableRange) {
        mu = shape[0]
        sigma = shape[1]
        side = shape[2] < 0 ? -1 : 1
        alpha = abs(shape[2])
        n = shape[3]
        guard sigma > 0, alpha > 0, n > 0, shape.allFinite else { return nil }
        logA = n * Foundation.log(n / alpha) - 0.5 * alpha * alpha
        b = n / alpha - alpha
    }

    private func t(_ x: Double) -> Double { side * (x - mu) / sigma }

    func density(at x: Double) -> Double {
        let t = t(x)
        return t > -alpha ? Foundation.exp(-0.5 * t * t) : Foundation.exp(logA - n * Foundation.log(b - t))
    }

    /// sigma times the integral over t of the core (standard normal mass) and of the tail (`tailMoments`).
    /// d/dmu and d/dsigma by the location-scale identities; d/dalpha and d/dn integrate d g/d theta over the tail
    /// only (g is continuous where core meets tail, so the moving boundary adds nothing).
    func integral(from a: Double, to b: Double) -> (value: Double, gradient: SIMD8<Double>) {
        let (t0, t1) = side > 0 ? (t(a), t(b)) : (t(b), t(a))
        var core = 0.0
        if t1 > -alpha { core = StandardNormal.mass(from: max(t0, -alpha), to: t1) }
        var tail = (plain: 0.0, logWeighted: 0.0), steeper = 0.0
        if t0 < -alpha {
            let logU0 = Foundation.log(self.b - t0), logU1 = Foundation.log(self.b - min(t1, -alpha))
            tail = Self.tailMoments(logA: logA, exponent: n, logU0: logU0, logU1: logU1)
            steeper = Self.tailMoments(logA: logA, exponent: n + 1, logU0: logU0, logU1: logU1).plain
        }
        let value = sigma * (core + tail.plain)
        let ga = density(at: a), gb = density(at: b)
        var gradient = SIMD8<Double>()
        gradient[0] = ga - gb
        gradient[1] = value / sigma - ((b - mu) * gb - (a - mu) * ga) / sigma
        gradient[2] = side * sigma * ((-n / alpha - alpha) * tail.plain + n * (n / (alpha * alpha) + 1) * steeper)
        gradient[3] = sigma * ((Foundation.log(n / alpha) + 1) * tail.plain - tail.logWeighted - n / alpha * steeper)
        return (value, gradient)
    }

    /// For u = B - t from u1 to u0 (u0 >= u1 > 0): the integrals of A u^-m and of A u^-m log u, written with
    /// expm1(z)/z and its derivative in z = (1 - m)(log u0 - log u1), so they stay exact through m = 1.
    static func tailMoments(logA: Double, exponent m: Double, logU0: Double, logU1: Double)
        -> (plain: Double, logWeighted: Double) {
        let epsilon = 1 - m, delta = logU0 - logU1, z = epsilon * delta
        let scale = Foundation.exp(logA + epsilon * logU1)
        let relative = z == 0 ? 1 : Foundation.expm1(z) / z
        var slope = 0.0
        if abs(z) < 0.5 {
            var power = 1.0, factorial = 2.0
            for k in 1...24 {
                slope += Double(k) * power / factorial
                power *= z
                factorial *= Double(k + 2)
            }
        } else {
            slope = (z * Foundation.exp(z) - Foundation.expm1(z)) / (z * z)
        }
        let plain = scale * delta * relative
        return (plain, logU1 * plain + scale * delta * delta * slope)
    }

    /// Two stages around one in-place log: log(B - t) for the tail lanes, then the exponent of either branch.
    func fillLogDensity(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int, logScale: Double) {
        let m = SIMD8(repeating: mu), s = SIMD8(repeating: side / sigma), edge = SIMD8(repeating: -alpha)
        let bb = SIMD8(repeating: b)
        for i in stride(from: 0, to: count, by: 8) {
            let t = (x.lanes(i) - m) * s
            out.storeLanes((bb - t).replacing(with: 1, where: t .> edge), at: i)
        }
        FastMath.logInPlace(out, count: count)
        let offset = SIMD8(repeating: logScale), la = SIMD8(repeating: logA), nn = SIMD8(repeating: -n)
        for i in stride(from: 0, to: count, by: 8) {
            let t = (x.lanes(i) - m) * s
            let tail = la.addingProduct(nn, out.lanes(i))
            let core = SIMD8<Double>(repeating: -0.5) * t * t
            out.storeLanes(offset + tail.replacing(with: core, where: t .> edge), at: i)
        }
    }

    /// Core: d/dmu = s t/sigma, d/dsigma = t^2/sigma. Tail (u = B - t): d/dmu = -s n/(u sigma),
    /// d/dsigma = -n t/(u sigma), d/d|alpha| = -n/|alpha| - |alpha| + (n/u)(n/alpha^2 + 1),
    /// d/dn = log(n/|alpha|) + 1 - log u - n/(|alpha| u).
    func accumulateLogGradient(_ x: UnsafePointer<Double>, weights w: UnsafePointer<Double>, count: Int,
                               into sums: inout SIMD8<Double>) {
        let m = SIMD8(repeating: mu), s = SIMD8(repeating: side / sigma), edge = SIMD8(repeating: -alpha)
        let bb = SIMD8(repeating: b), nn = SIMD8(repeating: n), zero = SIMD8<Double>()
        let alphaConstant = SIMD8(repeating: -n / alpha - alpha), alphaSlope = SIMD8(repeating: n / (alpha * alpha) + 1)
        let nConstant = SIMD8(repeating: Foundation.log(n / alpha) + 1), nSlope = SIMD8(repeating: -1 / alpha)
        var byT = zero, byT2 = zero, byAlpha = zero, byN = zero
        for i in stride(from: 0, to: count, by: 8) {
            let t = (x.lanes(i) - m) * s, wi = w.lanes(i)
            let core = t .> edge
            let u = (bb - t).replacing(with: 1, where: core)
            let nOverU = nn / u
            let dt = (-t).replacing(with: nOverU, where: .!core)
            byT = byT.addingProduct(wi, dt)
            byT2 = byT2.addingProduct(wi * dt, t)
            byAlpha = byAlpha.addingProduct(wi, alphaConstant.addingProduct(nOverU, alphaSlope).replacing(with: 0, where: core))
            let dn = nConstant - FastMath.log(u) + nSlope * nOverU
            byN = byN.addingProduct(wi, dn.replacing(with: 0, where: core))
        }
        sums[0] -= byT.sum() * side / sigma
        sums[1] -= byT2.sum() / sigma
        sums[2] += side * byAlpha.sum()
        sums[3] += byN.sum()
    }
}

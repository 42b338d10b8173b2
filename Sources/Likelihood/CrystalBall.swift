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
        var tail = (plain: 0.0, logWeighted: 0.0, logSquared: 0.0), steeper = 0.0
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

    /// For u = B - t from u1 to u0 (u0 >= u1 > 0): the integrals of A u^-m, of A u^-m log u and of
    /// A u^-m log^2 u, written with phi(z) = expm1(z)/z and its derivatives in z = (1 - m)(log u0 - log u1), so
    /// they stay exact through m = 1: with v = log u, the integral of e^((1-m) v) (v - log u1)^j is
    /// scale delta^(j+1) phi^(j)(z).
    static func tailMoments(logA: Double, exponent m: Double, logU0: Double, logU1: Double)
        -> (plain: Double, logWeighted: Double, logSquared: Double) {
        let epsilon = 1 - m, delta = logU0 - logU1, z = epsilon * delta
        let scale = Foundation.exp(logA + epsilon * logU1)
        let relative = z == 0 ? 1 : Foundation.expm1(z) / z
        var slope = 0.0, curvature = 0.0
        if abs(z) < 0.5 {
            var power = 1.0, factorial = 2.0
            for k in 1...24 {
                slope += Double(k) * power / factorial
                curvature += Double(k * (k + 1)) * power / (factorial * Double(k + 2))
                power *= z
                factorial *= Double(k + 2)
            }
        } else {
            slope = (z * Foundation.exp(z) - Foundation.expm1(z)) / (z * z)
            curvature = ((z * z - 2 * z) * Foundation.exp(z) + 2 * Foundation.expm1(z)) / (z * z * z)
        }
        let plain = scale * delta * relative, first = scale * delta * delta * slope
        let second = scale * delta * delta * delta * curvature
        return (plain, logU1 * plain + first, logU1 * (logU1 * plain + 2 * first) + second)
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

    /// Per event (|alpha| as the role; the signed alpha's row is side times it), with u = B - t, q = n/u,
    /// B_alpha = dB/d|alpha| = -n/alpha^2 - 1. Core: d2 log g mu mu -1/sigma^2, mu sigma -2 s t/sigma^2, sigma sigma
    /// -3t^2/sigma^2, nothing in alpha or n. Tail: mu mu q/(u sigma^2), mu sigma s q B/(u sigma^2), sigma sigma
    /// q t (2u + t)/(u sigma^2), mu alpha s q B_alpha/(u sigma), mu n s (q/alpha - 1)/(u sigma), sigma alpha
    /// q t B_alpha/(u sigma), sigma n t (q/alpha - 1)/(u sigma), alpha alpha n/alpha^2 - 1 - 2qn/alpha^3 +
    /// q B_alpha^2/u, alpha n -1/alpha - B_alpha/u + q/alpha^2 + q B_alpha/(alpha u), n n 1/n - 2/(alpha u) +
    /// q/(alpha^2 u).
    func accumulateLogHessian(_ x: UnsafePointer<Double>, weights w: UnsafePointer<Double>, count: Int,
                              gradientRows rows: UnsafeMutablePointer<Double>, stride: Int,
                              into hessian: inout RoleMatrix) {
        let m = SIMD8(repeating: mu), s = SIMD8(repeating: side / sigma), edge = SIMD8(repeating: -alpha)
        let bb = SIMD8(repeating: b), nn = SIMD8(repeating: n), zero = SIMD8<Double>(), one = SIMD8<Double>(repeating: 1)
        let inverseSigma = SIMD8(repeating: 1 / sigma), inverseAlpha = SIMD8(repeating: 1 / alpha)
        let bAlpha = SIMD8(repeating: -n / (alpha * alpha) - 1), alphaConstant = SIMD8(repeating: -n / alpha - alpha)
        let nConstant = SIMD8(repeating: Foundation.log(n / alpha) + 1)
        let alphaAlphaConstant = SIMD8(repeating: n / (alpha * alpha) - 1)
        let alphaNConstant = SIMD8(repeating: -1 / alpha), nNConstant = SIMD8(repeating: 1 / n)
        let sideVector = SIMD8(repeating: side)
        withUnsafeTemporaryAllocation(of: SIMD8<Double>.self, capacity: 10) { buffer in
            let acc = buffer.baseAddress!
            acc.initialize(repeating: zero, count: 10)
            for i in Swift.stride(from: 0, to: count, by: 8) {
                let t = (x.lanes(i) - m) * s, wi = w.lanes(i), core = t .> edge
                let u = (bb - t).replacing(with: 1, where: core), inverseU = one / u, q = nn * inverseU
                let logU = FastMath.log(u)
                let byMu = (sideVector * inverseSigma) * t.replacing(with: -q, where: .!core)
                let bySigma = t * inverseSigma * t.replacing(with: -q, where: .!core)
                let byAlpha = alphaConstant.addingProduct(-q, bAlpha).replacing(with: 0, where: core)
                let byN = (nConstant - logU - q * inverseAlpha).replacing(with: 0, where: core)
                rows.storeLanes(byMu, at: i)
                (rows + stride).storeLanes(bySigma, at: i)
                (rows + 2 * stride).storeLanes(sideVector * byAlpha, at: i)
                (rows + 3 * stride).storeLanes(byN, at: i)
                let qOverU = q * inverseU, v2 = inverseSigma * inverseSigma
                let shift = q * inverseAlpha - one
                let tailWeight = wi.replacing(with: 0, where: core)
                acc[0] = acc[0].addingProduct(wi, qOverU.replacing(with: -one, where: core) * v2)
                acc[1] = acc[1].addingProduct(wi, sideVector * v2 * (qOverU * bb).replacing(with: -2 * t, where: core))
                acc[2] = acc[2].addingProduct(wi, v2 * (qOverU * t * (u + u + t)).replacing(with: -3 * t * t, where: core))
                acc[3] = acc[3].addingProduct(tailWeight, sideVector * qOverU * bAlpha * inverseSigma)
                acc[4] = acc[4].addingProduct(tailWeight, sideVector * inverseU * inverseSigma * shift)
                acc[5] = acc[5].addingProduct(tailWeight, qOverU * t * bAlpha * inverseSigma)
                acc[6] = acc[6].addingProduct(tailWeight, t * inverseU * inverseSigma * shift)
                acc[7] = acc[7].addingProduct(tailWeight, alphaAlphaConstant
                    - 2 * q * nn * inverseAlpha * inverseAlpha * inverseAlpha + qOverU * bAlpha * bAlpha)
                acc[8] = acc[8].addingProduct(tailWeight, alphaNConstant - bAlpha * inverseU
                    + q * inverseAlpha * inverseAlpha + qOverU * bAlpha * inverseAlpha)
                acc[9] = acc[9].addingProduct(tailWeight, nNConstant - 2 * inverseAlpha * inverseU
                    + qOverU * inverseAlpha * inverseAlpha)
            }
            var sum = SIMD16<Double>()
            for e in 0..<10 { sum[e] = acc[e].sum() }
            hessian[role: 0, 0] += sum[0]
            hessian.setSymmetric(0, 1, hessian[role: 0, 1] + sum[1])
            hessian[role: 1, 1] += sum[2]
            hessian.setSymmetric(0, 2, hessian[role: 0, 2] + side * sum[3])
            hessian.setSymmetric(0, 3, hessian[role: 0, 3] + sum[4])
            hessian.setSymmetric(1, 2, hessian[role: 1, 2] + side * sum[5])
            hessian.setSymmetric(1, 3, hessian[role: 1, 3] + sum[6])
            hessian[role: 2, 2] += sum[7]
            hessian.setSymmetric(2, 3, hessian[role: 2, 3] + side * sum[8])
            hessian[role: 3, 3] += sum[9]
        }
    }

    /// mu and sigma rows by the location-scale identities (`LocationScale`). The alpha, n block integrates
    /// d2 g = g (d2 log g + d log g d log g) over the tail (g and its first derivatives are continuous where core
    /// meets tail, so the moving junction adds nothing): with the per-event forms above that is a combination of
    /// the tail moments of A u^-m for m = n, n + 1, n + 2, weighted by 1, log u and log^2 u.
    func integralHessian(from a: Double, to b: Double) -> RoleMatrix {
        var hessian = RoleMatrix()
        LocationScale.fill(&hessian, of: self, from: a, to: b, location: 0, at: mu, scale: (1, sigma))
        let (t0, t1) = side > 0 ? (t(a), t(b)) : (t(b), t(a))
        guard t0 < -alpha else { return hessian }
        let logU0 = Foundation.log(self.b - t0), logU1 = Foundation.log(self.b - min(t1, -alpha))
        let p0 = Self.tailMoments(logA: logA, exponent: n, logU0: logU0, logU1: logU1)
        let p1 = Self.tailMoments(logA: logA, exponent: n + 1, logU0: logU0, logU1: logU1)
        let p2 = Self.tailMoments(logA: logA, exponent: n + 2, logU0: logU0, logU1: logU1).plain
        let a2 = alpha * alpha, bAlpha = -n / a2 - 1
        let a0 = -n / alpha - alpha, a1 = -n * bAlpha, b0 = Foundation.log(n / alpha) + 1
        let alphaAlpha = (n / a2 - 1 + a0 * a0) * p0.plain + (2 * a0 * a1 - 2 * n * n / (a2 * alpha)) * p1.plain
            + n * (n + 1) * bAlpha * bAlpha * p2
        let alphaN = (-1 / alpha + a0 * b0) * p0.plain + (-bAlpha + n / a2 - a0 * n / alpha + a1 * b0) * p1.plain
            + n * (n + 1) * bAlpha / alpha * p2 - a0 * p0.logWeighted - a1 * p1.logWeighted
        let nN = (1 / n + b0 * b0) * p0.plain - 2 * (1 + b0 * n) / alpha * p1.plain + n * (n + 1) / a2 * p2
            - 2 * b0 * p0.logWeighted + p0.logSquared + 2 * n / alpha * p1.logWeighted
        hessian[role: 2, 2] = sigma * alphaAlpha
        hessian.setSymmetric(2, 3, side * sigma * alphaN)
        hessian[role: 3, 3] = sigma * nN
        return hessian
    }

    /// A mixture, drawn exactly: one uniform per event says core or tail (so the tail's count is binomial with
    /// the tail's share of the mass), then the tail events come from the power law's closed-form inverse CDF
    /// and the core events from the truncated normal.
    func sample(into sink: inout EventSink, range: ObservableRange, uniforms: inout UniformBuffer) {
        let (t0, t1) = side > 0 ? (t(range.lower), t(range.upper)) : (t(range.upper), t(range.lower))
        let core = t1 > -alpha ? StandardNormal.mass(from: max(t0, -alpha), to: t1) : 0
        var tailCount = 0
        if t0 < -alpha {
            let logU0 = Foundation.log(b - t0), logU1 = Foundation.log(b - min(t1, -alpha))
            let tail = Self.tailMoments(logA: logA, exponent: n, logU0: logU0, logU1: logU1).plain
            let share = SIMD8(repeating: tail / (tail + core))
            for i in stride(from: 0, to: sink.count, by: 8) {
                let inTail = uniforms.next() .< share
                for lane in 0..<min(8, sink.count - i) where inTail[lane] { tailCount += 1 }
            }
            var tailSink = sink.split(tailCount)
            sampleTail(into: &tailSink, logU0: logU0, logU1: logU1, uniforms: &uniforms)
        }
        var coreSink = sink.split(sink.count - tailCount)
        if coreSink.count > 0 {
            TruncatedNormal(from: max(t0, -alpha), to: t1)
                .sample(into: &coreSink, uniforms: &uniforms, location: mu, scale: side * sigma)
        }
    }

    /// The power law A u^-n in u = B - t on [u1, u0]: the mass from u1 to u is a fixed multiple of
    /// expm1(e (log u - log u1)), e = 1 - n, so log u = log u1 + log1p(p expm1(e delta))/e, delta = log(u0/u1);
    /// exact through n = 1 (where the limit is log u1 + p delta).
    private func sampleTail(into sink: inout EventSink, logU0: Double, logU1: Double, uniforms: inout UniformBuffer) {
        let epsilon = 1 - n, delta = logU0 - logU1
        let start = SIMD8(repeating: logU1), m = SIMD8(repeating: mu), s = SIMD8(repeating: side * sigma)
        let bb = SIMD8(repeating: b)
        if epsilon == 0 {
            let d = SIMD8(repeating: delta)
            while !sink.isFull {
                sink.store(m.addingProduct(s, bb - FastMath.exp(start.addingProduct(uniforms.next(), d))))
            }
        } else {
            let span = SIMD8(repeating: Foundation.expm1(epsilon * delta)), e = SIMD8(repeating: 1 / epsilon)
            while !sink.isFull {
                sink.store(m.addingProduct(s, bb - FastMath.exp(start.addingProduct(FastMath.log1p(uniforms.next() * span), e))))
            }
        }
    }
}

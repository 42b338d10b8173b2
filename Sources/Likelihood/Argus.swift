import Foundation
import ToyMath

/// ARGUS background x sqrt(y) exp(c y), y = 1 - (x/m0)^2, zero where y <= 0 (power 1/2); roles [m0, c].
struct Argus: ShapePDF {
    let m0: Double
    let c: Double

    static let positiveRoles = [0]

    init?(shape: ShapeValues, range: ObservableRange) {
        m0 = shape[0]
        c = shape[1]
        // Above m0 the density is 0, and below x = 0 it is negative: m0 must exceed the range's low end, which
        // must not be negative.
        guard m0 > 0, m0 > range.lower, range.lower >= 0, m0.isFinite, c.isFinite else { return nil }
    }

    private func y(_ x: Double) -> Double { max(0, 1 - (x / m0) * (x / m0)) }

    func density(at x: Double) -> Double {
        let y = y(x)
        return x * y.squareRoot() * Foundation.exp(c * y)
    }

    /// With x dx = -(m0^2/2) dy the integral is (m0^2/2) times the integral of y^(1/2) e^(c y) between y(b)
    /// and y(a). d/dc brings down y (power 3/2); d/dm0 differentiates m0^2/2 and y(a), y(b).
    func integral(from a: Double, to b: Double) -> (value: Double, gradient: SIMD8<Double>) {
        let ya = y(a), yb = y(b), half = 0.5 * m0 * m0
        let value = half * moment(from: yb, to: ya, power: 0.5)
        var gradient = SIMD8<Double>()
        gradient[0] = 2 * value / m0 + (a * density(at: a) - b * density(at: b)) / m0
        gradient[1] = half * moment(from: yb, to: ya, power: 1.5)
        return (value, gradient)
    }

    /// The integral of y^p e^(c y) on [y0, y1], p = 1/2, 3/2 or 5/2. For c < 0 with both ends far out (-c y > 2)
    /// from the upper tails (small, so their difference keeps its digits), else from the lower integrals.
    private func moment(from y0: Double, to y1: Double, power p: Double) -> Double {
        if c < 0 && -c * y0 > 2 { return upperMoment(y0, power: p) - upperMoment(y1, power: p) }
        return lowerMoment(y1, power: p) - lowerMoment(y0, power: p)
    }

    /// The integral on [0, Y]: the power series sum c^j Y^(j+p+1)/(j! (j+p+1)) (all terms positive for c >= 0,
    /// mild cancellation for -cY <= 2), else the complete integral Gamma(p+1)/k^(p+1) minus the upper tail.
    private func lowerMoment(_ y: Double, power p: Double) -> Double {
        guard y > 0 else { return 0 }
        let k = -c
        if k * y > 2 {
            let ratio = p == 0.5 ? 1 : p == 1.5 ? 1.5 / k : 1.5 / k * (2.5 / k)
            let complete = Double.pi.squareRoot() / (2 * k * k.squareRoot()) * ratio
            return complete - upperMoment(y, power: p)
        }
        var term = Foundation.pow(y, p + 1), total = 0.0
        for j in 0..<1000 {
            let contribution = term / (Double(j) + p + 1)
            total += contribution
            if abs(contribution) <= 1e-17 * abs(total) { break }
            term *= c * y / Double(j + 1)
        }
        return total
    }

    /// The integral on [Y, inf) for c = -k < 0: sqrt(Y) e^(-kY)/k + sqrt(pi)/(2 k^(3/2)) erfc(sqrt(kY)) for
    /// p = 1/2, and by parts Y^p e^(-kY)/k + p/k times the one of power p - 1 for p = 3/2, 5/2.
    private func upperMoment(_ y: Double, power p: Double) -> Double {
        let k = -c, root = y.squareRoot(), decay = Foundation.exp(-k * y)
        guard p > 0.5 else {
            return root * decay / k + Double.pi.squareRoot() / (2 * k * k.squareRoot()) * Foundation.erfc((k * y).squareRoot())
        }
        return (p == 1.5 ? y : y * y) * root * decay / k + p / k * upperMoment(y, power: p - 1)
    }

    /// exp(c y + log scale) in place, then times x sqrt(y).
    func fillDensity(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int, scale: Double) {
        let offset = SIMD8(repeating: Foundation.log(scale)), cc = SIMD8(repeating: c)
        for i in stride(from: 0, to: count, by: 8) { out.storeLanes(offset.addingProduct(cc, lanesY(x.lanes(i))), at: i) }
        FastMath.expInPlace(out, count: count)
        for i in stride(from: 0, to: count, by: 8) {
            let xi = x.lanes(i)
            out.storeLanes(out.lanes(i) * xi * lanesY(xi).squareRoot(), at: i)
        }
    }

    private func lanesY(_ x: SIMD8<Double>) -> SIMD8<Double> {
        let r = x / SIMD8(repeating: m0)
        let y = SIMD8<Double>(repeating: 1) - r * r
        return y.replacing(with: 0, where: y .< 0)
    }

    /// d log g/d c = y; d log g/d m0 = (1/y + 2c) z/m0 with z = (x/m0)^2 (0 where y = 0, where g and w are 0).
    func accumulateLogGradient(_ x: UnsafePointer<Double>, weights w: UnsafePointer<Double>, count: Int,
                               into sums: inout SIMD8<Double>) {
        let one = SIMD8<Double>(repeating: 1), twoC = SIMD8(repeating: 2 * c), zero = SIMD8<Double>()
        var byM0 = zero, byC = zero
        for i in stride(from: 0, to: count, by: 8) {
            let y = lanesY(x.lanes(i)), wi = w.lanes(i)
            byC = byC.addingProduct(wi, y)
            let term = ((one / y + twoC) * (one - y)).replacing(with: 0, where: .!(y .> zero))
            byM0 = byM0.addingProduct(wi, term)
        }
        sums[0] += byM0.sum() / m0
        sums[1] += byC.sum()
    }

    /// With z = (x/m0)^2 = 1 - y and y' = d y/d m0 = 2z/m0: d2 log g/d c^2 = 0, d2/d c d m0 = y',
    /// d2/d m0^2 = -y'^2/(2y^2) - (1/(2y) + c) 6z/m0^2 (0 where y = 0, where g and w are 0).
    func accumulateLogHessian(_ x: UnsafePointer<Double>, weights w: UnsafePointer<Double>, count: Int,
                              gradientRows rows: UnsafeMutablePointer<Double>, stride: Int,
                              into hessian: inout RoleMatrix) {
        let one = SIMD8<Double>(repeating: 1), half = SIMD8<Double>(repeating: 0.5), zero = SIMD8<Double>()
        let cc = SIMD8(repeating: c), inverseM0 = SIMD8(repeating: 1 / m0)
        var mixed = zero, byM0 = zero
        for i in Swift.stride(from: 0, to: count, by: 8) {
            let y = lanesY(x.lanes(i)), wi = w.lanes(i), inside = y .> zero
            let z = one - y, slope = 2 * z * inverseM0, inverseY = (one / y).replacing(with: 0, where: .!inside)
            let factor = half * inverseY + cc
            rows.storeLanes((factor * slope).replacing(with: 0, where: .!inside), at: i)
            (rows + stride).storeLanes(y, at: i)
            let curvature = -half * slope * slope * inverseY * inverseY - factor * 3 * slope * inverseM0
            mixed = mixed.addingProduct(wi, slope.replacing(with: 0, where: .!inside))
            byM0 = byM0.addingProduct(wi, curvature.replacing(with: 0, where: .!inside))
        }
        hessian[role: 0, 0] += byM0.sum()
        hessian[role: 0, 1] += mixed.sum()
        hessian[role: 1, 0] += mixed.sum()
    }

    /// d2 I/d c^2 = (m0^2/2) times the moment of power 5/2. The m0 row differentiates d I/d m0 = 2I/m0 +
    /// (a g(a) - b g(b))/m0 and d I/d c = (m0^2/2) (moment of power 3/2) once more in m0: 2 (d I/d role)/m0 plus
    /// the ends' terms (a dg(a)/d role - b dg(b)/d role)/m0, and -2I/m0^2 - (a g(a) - b g(b))/m0^2 for m0 m0.
    func integralHessian(from a: Double, to b: Double) -> RoleMatrix {
        let (ga, gb, da, db) = endpointDerivatives(a, b)
        let (value, gradient) = integral(from: a, to: b)
        let ends = (a * da - b * db) / m0
        var hessian = RoleMatrix()
        hessian[role: 0, 0] = 2 * gradient[0] / m0 - 2 * value / (m0 * m0) + ends[0] - (a * ga - b * gb) / (m0 * m0)
        hessian.setSymmetric(0, 1, 2 * gradient[1] / m0 + ends[1])
        hessian[role: 1, 1] = 0.5 * m0 * m0 * moment(from: y(b), to: y(a), power: 2.5)
        return hessian
    }

    /// Accept-reject from uniform candidates on [lower, min(upper, m0)] under the density's maximum there. In
    /// z = (x/m0)^2 the log-density log z + log(1 - z) + 2c(1 - z) (times 1/2) is concave, with its top at the
    /// root of 2c z^2 - 2(c + 1) z + 1 in (0, 1), z = 1/((c + 1) + sqrt(c^2 + 1)); z grows with x, so on a
    /// sub-range the maximum is at that point moved into the sub-range.
    func sample(into sink: inout EventSink, range: ObservableRange, uniforms: inout UniformBuffer) {
        let top = min(range.upper, m0)
        let peak = m0 * (1 / ((c + 1) + (c * c + 1).squareRoot())).squareRoot()
        let bound = SIMD8(repeating: density(at: min(max(peak, range.lower), top)) * (1 + 1e-12))
        let lower = SIMD8(repeating: range.lower), width = SIMD8(repeating: top - range.lower)
        let cc = SIMD8(repeating: c)
        while !sink.isFull {
            let x = lower.addingProduct(uniforms.next(), width)
            let y = lanesY(x)
            let g = x * y.squareRoot() * FastMath.exp(cc * y)
            sink.append(x, accepted: uniforms.next() * bound .<= g)
        }
    }
}

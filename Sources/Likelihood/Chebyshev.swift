/// 1 + sum_k c_k T_k(t), t = (2x - (lower + upper))/(upper - lower) on the model range; roles [c1 ... cK], K <= 8.
/// Coefficients that make the series negative anywhere in the range are outside the domain (not a density).
struct Chebyshev: ShapePDF {
    let coefficients: SIMD8<Double>
    let degree: Int
    let centre: Double
    let inverseHalfWidth: Double

    static let positiveRoles: [Int] = []

    init?(shape: ShapeValues, range: ObservableRange) {
        coefficients = shape.values
        degree = shape.count
        centre = 0.5 * (range.lower + range.upper)
        inverseHalfWidth = 2 / range.width
        guard shape.allFinite,
              ChebyshevSeries(pdfCoefficients: shape.values, degree: shape.count).isNonNegativeOnUnitInterval else { return nil }
    }

    private func t(_ x: Double) -> Double { (x - centre) * inverseHalfWidth }

    func density(at x: Double) -> Double {
        let t = t(x)
        var previous = 1.0, current = t, total = 1.0
        for k in 0..<degree {
            total += coefficients[k] * current
            (previous, current) = (current, 2 * t * current - previous)
        }
        return total
    }

    /// In t, the integral of T_k is T_{k+1}/(2(k+1)) - T_{k-1}/(2(k-1)) (k >= 2), t^2/2 (k = 1), t (k = 0);
    /// dx = dt / inverseHalfWidth. The gradient w.r.t. c_k is the integral of T_k.
    func integral(from a: Double, to b: Double) -> (value: Double, gradient: SIMD8<Double>) {
        let gradient = (Self.primitives(t(b)) - Self.primitives(t(a))) / inverseHalfWidth
        return ((t(b) - t(a)) / inverseHalfWidth + (coefficients * gradient).sum(), gradient)
    }

    /// Antiderivatives in t of T_1 ... T_8.
    private static func primitives(_ t: Double) -> SIMD8<Double> {
        var polynomials = SIMD16<Double>()
        polynomials[0] = 1
        polynomials[1] = t
        for k in 2..<10 { polynomials[k] = 2 * t * polynomials[k - 1] - polynomials[k - 2] }
        var result = SIMD8<Double>()
        result[0] = 0.5 * t * t
        for k in 2...8 { result[k - 1] = polynomials[k + 1] / Double(2 * (k + 1)) - polynomials[k - 1] / Double(2 * (k - 1)) }
        return result
    }

    /// g(t) = 1 + sum_k c_k T_k(t) over eight events; stores T_1...T_degree into `terms` when given.
    @inline(__always)
    private func series(_ t: SIMD8<Double>, terms: UnsafeMutablePointer<SIMD8<Double>>?) -> SIMD8<Double> {
        var previous = SIMD8<Double>(repeating: 1), current = t, total = previous
        for k in 0..<degree {
            terms?[k] = current
            total = total.addingProduct(SIMD8(repeating: coefficients[k]), current)
            (previous, current) = (current, (t + t) * current - previous)
        }
        return total
    }

    func fillDensity(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int, scale: Double) {
        let c = SIMD8(repeating: centre), s = SIMD8(repeating: inverseHalfWidth)
        for i in stride(from: 0, to: count, by: 8) {
            out.storeLanes(series((x.lanes(i) - c) * s, terms: nil) * scale, at: i)
        }
    }

    /// d log g/d c_k = T_k(t)/g (taken as 0 where g is exactly 0, where the weight is 0 too).
    func accumulateLogGradient(_ x: UnsafePointer<Double>, weights w: UnsafePointer<Double>, count: Int,
                               into sums: inout SIMD8<Double>) {
        let c = SIMD8(repeating: centre), s = SIMD8(repeating: inverseHalfWidth)
        withUnsafeTemporaryAllocation(of: SIMD8<Double>.self, capacity: 16) { buffer in
            let acc = buffer.baseAddress!, terms = acc + 8
            acc.initialize(repeating: SIMD8(), count: 16)
            for i in stride(from: 0, to: count, by: 8) {
                let g = series((x.lanes(i) - c) * s, terms: terms)
                let ratio = (w.lanes(i) / g).replacing(with: 0, where: g .== SIMD8(repeating: 0))
                for k in 0..<degree { acc[k] = acc[k].addingProduct(ratio, terms[k]) }
            }
            for k in 0..<degree { sums[k] += acc[k].sum() }
        }
    }

    /// d2 log g/d c_j d c_k = -T_j T_k/g^2 (0 where g is exactly 0, like the gradient).
    func accumulateLogHessian(_ x: UnsafePointer<Double>, weights w: UnsafePointer<Double>, count: Int,
                              gradientRows rows: UnsafeMutablePointer<Double>, stride: Int,
                              into hessian: inout RoleMatrix) {
        let c = SIMD8(repeating: centre), s = SIMD8(repeating: inverseHalfWidth), zero = SIMD8<Double>()
        withUnsafeTemporaryAllocation(of: SIMD8<Double>.self, capacity: 72) { buffer in
            let acc = buffer.baseAddress!, ratios = acc + 64
            acc.initialize(repeating: zero, count: 72)
            for i in Swift.stride(from: 0, to: count, by: 8) {
                let g = series((x.lanes(i) - c) * s, terms: ratios)
                let inverse = (1 / g).replacing(with: 0, where: g .== zero), wi = w.lanes(i)
                for j in 0..<degree {
                    ratios[j] *= inverse
                    (rows + j * stride).storeLanes(ratios[j], at: i)
                    let weighted = wi * ratios[j]
                    for k in 0...j { acc[8 * j + k] = acc[8 * j + k].addingProduct(weighted, ratios[k]) }
                }
            }
            for j in 0..<degree {
                for k in 0...j { hessian.setSymmetric(j, k, hessian[role: j, k] - acc[8 * j + k].sum()) }
            }
        }
    }

    /// g is linear in the coefficients, so its integral's second derivatives vanish.
    func integralHessian(from a: Double, to b: Double) -> RoleMatrix { RoleMatrix() }

    /// Accept-reject from uniform candidates under a bound on g over [-1, 1]: the smaller of 1 + sum |c_k|
    /// (|T_k| <= 1) and the largest of 257 equally spaced values plus half a spacing times a bound on |g'|
    /// (Markov's inequality |T_k'| <= k^2). Non-negativity is the domain's (checked exactly when the shape is made).
    func sample(into sink: inout EventSink, range: ObservableRange, uniforms: inout UniformBuffer) {
        var slope = 0.0, crude = 1.0, sampled = 0.0
        for k in 0..<degree {
            slope += Double((k + 1) * (k + 1)) * abs(coefficients[k])
            crude += abs(coefficients[k])
        }
        for i in 0...256 { sampled = max(sampled, density(at: centre + (Double(i) / 128 - 1) / inverseHalfWidth)) }
        let bound = SIMD8(repeating: min(crude, sampled + slope / 256) * (1 + 1e-12))
        let one = SIMD8<Double>(repeating: 1), c = SIMD8(repeating: centre), halfWidth = SIMD8(repeating: 1 / inverseHalfWidth)
        while !sink.isFull {
            let t = 2 * uniforms.next() - one
            let g = series(t, terms: nil)
            sink.append(c.addingProduct(t, halfWidth), accepted: uniforms.next() * bound .<= g)
        }
    }
}

import Foundation
@testable import Study

/// An extended unbinned NLL written from the formulas alone, sharing no code with the product: scalar Foundation
/// math in 80-bit extended precision, every pdf normalised by composite Simpson quadrature on the range. The
/// fit-truth tests judge the product's minima and errors against it.
///
/// Extended precision lets finite differences take steps of 1e-4 errors: a Crystal Ball's NLL has a second
/// derivative in alpha that jumps wherever an event crosses the core-tail junction, and with about a thousand
/// events near it a step of a hundredth of an error already crosses one, while in doubles the NLL's rounding
/// (1e-8 of 5e4) would swamp differences that small.
struct ReferenceNLL {
    typealias Real = Float80

    let config: StudyConfig
    let events: [Double]
    /// Simpson intervals on each piece of the range.
    static let intervals = 1000

    /// The unnormalised density of one component at x for parameter vector p.
    /// The value in `p` of the parameter that plays `role` in `component`.
    func parameter(_ role: String, of component: StudyConfig.Component, _ p: [Real]) -> Real {
        p[config.parameters.firstIndex { $0.name == component.parameters.first { $0.role == role }!.parameter }!]
    }

    func shape(_ component: StudyConfig.Component, _ x: Real, _ p: [Real]) -> Real {
        func role(_ name: String) -> Real { parameter(name, of: component, p) }
        switch component.pdf.name {
        case "gaussian":
            let t = (x - role("mu")) / role("sigma")
            return exp(-0.5 * t * t)
        case "exponential":
            return exp(-x / role("tau"))
        case "uniform":
            return 1
        case "crystal_ball":
            let a = role("alpha"), n = role("n")
            let t = (a < 0 ? -1 : 1) * (x - role("mu")) / role("sigma"), alpha = abs(a)
            if t > -alpha { return exp(-0.5 * t * t) }
            return pow(n / alpha, n) * exp(-0.5 * alpha * alpha) * pow(n / alpha - alpha - t, -n)
        case "chebyshev":
            let lo = Real(config.observable.min), hi = Real(config.observable.max)
            let u = (2 * x - (lo + hi)) / (hi - lo)
            // T_1 = u, T_{k+1} = 2u T_k - T_{k-1}.
            var total: Real = 1, previous: Real = 1, current = u
            for (k, mapping) in component.parameters.enumerated() {
                precondition(mapping.role == "c\(k + 1)")
                total += role(mapping.role) * current
                (previous, current) = (current, 2 * u * current - previous)
            }
            return total
        default:
            preconditionFailure("ReferenceNLL: no formula for \(component.pdf)")
        }
    }

    /// Simpson on pieces where the shape is smooth and resolved: a peak's pieces end at mu + k sigma, so a width
    /// of 1e-4 (a Gaussian collapsed onto two events of a tiny signal) is integrated as well as a wide one, and a
    /// Crystal Ball's also at its core-tail junction, where its second derivatives in the parameters jump (a rule
    /// across the jump is only first-order accurate there, which moves the normalisation's curvature by percents).
    func integral(_ component: StudyConfig.Component, _ p: [Real]) -> Real {
        let lo = Real(config.observable.min), hi = Real(config.observable.max)
        var cuts: [Real] = []
        if ["gaussian", "crystal_ball"].contains(component.pdf.name) {
            let mu = parameter("mu", of: component, p), sigma = parameter("sigma", of: component, p)
            cuts = [-20, -8, -4, -2, -1, 0, 1, 2, 4, 8, 20].map { mu + $0 * sigma }
            if component.pdf.name == "crystal_ball" { cuts.append(mu - parameter("alpha", of: component, p) * sigma) }
        }
        let edges = [lo] + cuts.filter { $0 > lo && $0 < hi }.sorted() + [hi]
        var total: Real = 0
        for (a, b) in zip(edges, edges.dropFirst()) {
            let n = Self.intervals, h = (b - a) / Real(n)
            var sum = shape(component, a, p) + shape(component, b, p)
            for i in 1..<n { sum += (i % 2 == 1 ? 4 : 2) * shape(component, a + Real(i) * h, p) }
            total += sum * h / 3
        }
        return total
    }

    /// sum_k y_k - sum_i log(sum_k y_k g_k(x_i) / I_k).
    func value(_ p: [Real]) -> Real {
        let yields = config.model.map { c in p[config.parameters.firstIndex { $0.name == c.yield }!] }
        let norms = config.model.map { integral($0, p) }
        var total = yields.reduce(0, +)
        let lo = config.observable.min, hi = config.observable.max
        for x in events where x >= lo && x <= hi {
            var l: Real = 0
            for (k, c) in config.model.enumerated() { l += yields[k] * shape(c, Real(x), p) / norms[k] }
            total -= log(l)
        }
        return total
    }

    func callAsFunction(_ p: [Double]) -> Double { Double(value(p.map { Real($0) })) }

    /// The covariance 2 up H^-1 (up = 0.5) over the parameters `free`, from a finite-difference Hessian of
    /// values at `p`: central second differences with steps of `relativeStep` times each parameter's `scale`
    /// (its error), small enough to measure the curvature at the point, which is what HESSE's errors are.
    /// nil when it cannot be inverted.
    func covariance(at p: [Double], free: [Int], scale: [Double], relativeStep: Double = 1e-4) -> [[Double]]? {
        let point = p.map { Real($0) }
        func shifted(_ moves: [(Int, Real)]) -> Real {
            var q = point
            for (i, d) in moves { q[i] += d }
            return value(q)
        }
        let f0 = value(point)
        let m = free.count
        var h = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
        for a in 0..<m {
            for b in a..<m {
                let i = free[a], j = free[b], di = Real(relativeStep * scale[a]), dj = Real(relativeStep * scale[b])
                let second = a == b
                    ? (shifted([(i, di)]) - 2 * f0 + shifted([(i, -di)])) / (di * di)
                    : (shifted([(i, di), (j, dj)]) - shifted([(i, di), (j, -dj)]) - shifted([(i, -di), (j, dj)])
                        + shifted([(i, -di), (j, -dj)])) / (4 * di * dj)
                h[a][b] = Double(second)
                h[b][a] = h[a][b]
            }
        }
        return invert(h)
    }

    /// Gauss-Jordan with partial pivoting.
    func invert(_ matrix: [[Double]]) -> [[Double]]? {
        let n = matrix.count
        var a = matrix
        var inverse = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for c in 0..<n {
            guard let pivot = (c..<n).max(by: { abs(a[$0][c]) < abs(a[$1][c]) }), a[pivot][c] != 0 else { return nil }
            a.swapAt(c, pivot)
            inverse.swapAt(c, pivot)
            let d = a[c][c]
            for k in 0..<n { a[c][k] /= d; inverse[c][k] /= d }
            for r in 0..<n where r != c && a[r][c] != 0 {
                let f = a[r][c]
                for k in 0..<n { a[r][k] -= f * a[c][k]; inverse[r][k] -= f * inverse[c][k] }
            }
        }
        return inverse
    }
}

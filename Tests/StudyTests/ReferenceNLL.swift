import Foundation
@testable import Study

/// An extended unbinned NLL written from the formulas alone, sharing no code with the product: scalar Foundation
/// math, every pdf normalised by composite Simpson quadrature on the range. The fit-truth tests judge the
/// product's minima and errors against it.
struct ReferenceNLL {
    let config: StudyConfig
    let events: [Double]
    /// Simpson intervals on the range: for the narrowest peak in the tests (sigma 0.015 on a 0.4 range) that is
    /// 75 nodes per sigma, far below the 2% tolerance of what it checks.
    static let intervals = 4000

    /// The unnormalised density of one component at x for parameter vector p.
    func shape(_ component: StudyConfig.Component, _ x: Double, _ p: [Double]) -> Double {
        func role(_ name: String) -> Double {
            p[config.parameters.firstIndex { $0.name == component.parameters.first { $0.role == name }!.parameter }!]
        }
        switch component.pdf.rawValue {
        case "gaussian":
            let t = (x - role("mu")) / role("sigma")
            return exp(-0.5 * t * t)
        case "exponential":
            return exp(-x / role("tau"))
        case "uniform":
            return 1
        case "crystal_ball":
            let a = role("alpha"), n = role("n")
            let t = (a < 0 ? -1.0 : 1.0) * (x - role("mu")) / role("sigma"), alpha = abs(a)
            if t > -alpha { return exp(-0.5 * t * t) }
            return pow(n / alpha, n) * exp(-0.5 * alpha * alpha) * pow(n / alpha - alpha - t, -n)
        case "chebyshev":
            let lo = config.observable.min, hi = config.observable.max
            let u = (2 * x - (lo + hi)) / (hi - lo)
            // T_1 = u, T_{k+1} = 2u T_k - T_{k-1}.
            var total = 1.0, previous = 1.0, current = u
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

    func integral(_ component: StudyConfig.Component, _ p: [Double]) -> Double {
        let lo = config.observable.min, hi = config.observable.max, n = Self.intervals
        let h = (hi - lo) / Double(n)
        var sum = shape(component, lo, p) + shape(component, hi, p)
        for i in 1..<n { sum += (i % 2 == 1 ? 4 : 2) * shape(component, lo + Double(i) * h, p) }
        return sum * h / 3
    }

    /// sum_k y_k - sum_i log(sum_k y_k g_k(x_i) / I_k).
    func callAsFunction(_ p: [Double]) -> Double {
        let yields = config.model.map { c in p[config.parameters.firstIndex { $0.name == c.yield }!] }
        let norms = config.model.map { integral($0, p) }
        var total = yields.reduce(0, +)
        let lo = config.observable.min, hi = config.observable.max
        for x in events where x >= lo && x <= hi {
            var l = 0.0
            for (k, c) in config.model.enumerated() { l += yields[k] * shape(c, x, p) / norms[k] }
            total -= log(l)
        }
        return total
    }

    /// The covariance 2 up H^-1 (up = 0.5) over the parameters `free`, from a finite-difference Hessian of
    /// values at `p`: central second differences with steps of `relativeStep` times each parameter's `scale`
    /// (its error). A hundredth of an error measures the curvature at the point, which is what HESSE's errors
    /// are (a Crystal Ball's NLL has a second derivative in alpha that jumps wherever an event crosses the
    /// core-tail boundary, so differences over a tenth of an error average over such jumps), while the NLL's
    /// rounding (about 1e-8 here) stays 1e-4 of the differences. nil when it cannot be inverted.
    func covariance(at p: [Double], free: [Int], scale: [Double], relativeStep: Double = 1e-2) -> [[Double]]? {
        func shifted(_ moves: [(Int, Double)]) -> Double {
            var q = p
            for (i, d) in moves { q[i] += d }
            return self(q)
        }
        let f0 = self(p)
        let m = free.count
        var h = [[Double]](repeating: [Double](repeating: 0, count: m), count: m)
        for a in 0..<m {
            for b in a..<m {
                let i = free[a], j = free[b], di = relativeStep * scale[a], dj = relativeStep * scale[b]
                h[a][b] = a == b
                    ? (shifted([(i, di)]) - 2 * f0 + shifted([(i, -di)])) / (di * di)
                    : (shifted([(i, di), (j, dj)]) - shifted([(i, di), (j, -dj)]) - shifted([(i, -di), (j, dj)])
                        + shifted([(i, -di), (j, -dj)])) / (4 * di * dj)
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

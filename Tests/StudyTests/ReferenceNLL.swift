import Foundation
@testable import Study

/// An extended unbinned NLL written from the formulas alone, sharing no code with the product: scalar Foundation
/// math in 80-bit extended precision, every pdf normalised by composite Simpson quadrature on its observable's
/// range, summed over a study's channels, a component's density the product of its pdfs, a histogram looked up
/// bin by bin. The fit-truth and example tests judge the product's minima and errors against it.
///
/// Extended precision lets finite differences take steps of 1e-4 errors: a Crystal Ball's NLL has a second
/// derivative in alpha that jumps wherever an event crosses the core-tail junction, and with about a thousand
/// events near it a step of a hundredth of an error already crosses one, while in doubles the NLL's rounding
/// (1e-8 of 5e4) would swamp differences that small.
struct ReferenceNLL {
    typealias Real = Float80

    let config: StudyConfig
    /// channels[channel][observable][event].
    let channels: [[[Double]]]
    /// Simpson intervals on each piece of the range.
    static let intervals = 1000

    init(config: StudyConfig, events: [Double]) { self.init(config: config, channels: [[events]]) }

    init(config: StudyConfig, channels: [[[Double]]]) {
        self.config = config
        self.channels = channels
    }

    /// The value in `p` of the parameter named `name`.
    func parameter(_ name: String, _ p: [Real]) -> Real { p[config.parameters.firstIndex { $0.name == name }!] }

    /// The value in `p` of the parameter that plays `role` in `factor`.
    func parameter(_ role: String, of factor: StudyConfig.Factor, _ p: [Real]) -> Real {
        parameter(factor.parameters.first { $0.role == role }!.parameter, p)
    }

    /// The unnormalised density of one pdf at x, on the observable range [lo, hi], for parameter vector p.
    func shape(_ factor: StudyConfig.Factor, _ x: Real, range lo: Real, _ hi: Real, _ p: [Real]) -> Real {
        func role(_ name: String) -> Real { parameter(name, of: factor, p) }
        if case let .histogram(template) = factor.pdf {
            // The bin with low <= x < high (the last one's high included): content / width.
            for bin in template.contents.indices {
                let low = Real(template.edges[bin]), high = Real(template.edges[bin + 1])
                if x >= low && (x < high || (bin == template.contents.count - 1 && x == high)) {
                    return Real(template.contents[bin]) / (high - low)
                }
            }
            return 0
        }
        switch factor.pdf.name {
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
            let u = (2 * x - (lo + hi)) / (hi - lo)
            // T_1 = u, T_{k+1} = 2u T_k - T_{k-1}.
            var total: Real = 1, previous: Real = 1, current = u
            for (k, mapping) in factor.parameters.enumerated() {
                precondition(mapping.role == "c\(k + 1)")
                total += role(mapping.role) * current
                (previous, current) = (current, 2 * u * current - previous)
            }
            return total
        default:
            preconditionFailure("ReferenceNLL: no formula for \(factor.pdf.name)")
        }
    }

    /// Simpson on pieces where the shape is smooth and resolved: a peak's pieces end at mu + k sigma, so a width
    /// of 1e-4 (a Gaussian collapsed onto two events of a tiny signal) is integrated as well as a wide one, and a
    /// Crystal Ball's also at its core-tail junction, where its second derivatives in the parameters jump (a rule
    /// across the jump is only first-order accurate there, which moves the normalisation's curvature by percents);
    /// a histogram's at its bin edges, where it jumps.
    func integral(_ factor: StudyConfig.Factor, range lo: Real, _ hi: Real, _ p: [Real]) -> Real {
        var cuts: [Real] = []
        if ["gaussian", "crystal_ball"].contains(factor.pdf.name) {
            let mu = parameter("mu", of: factor, p), sigma = parameter("sigma", of: factor, p)
            cuts = [-20, -8, -4, -2, -1, 0, 1, 2, 4, 8, 20].map { mu + $0 * sigma }
            if factor.pdf.name == "crystal_ball" { cuts.append(mu - parameter("alpha", of: factor, p) * sigma) }
        }
        if case let .histogram(template) = factor.pdf { cuts = template.edges.map { Real($0) } }
        let edges = [lo] + cuts.filter { $0 > lo && $0 < hi }.sorted() + [hi]
        var total: Real = 0
        for (a, b) in zip(edges, edges.dropFirst()) {
            let n = Self.intervals, h = (b - a) / Real(n)
            // A piece's ends are evaluated just inside it, so a jump at an edge belongs to the piece it bounds.
            let inside = (b - a) * 1e-15
            var sum = shape(factor, a + inside, range: lo, hi, p) + shape(factor, b - inside, range: lo, hi, p)
            for i in 1..<n { sum += (i % 2 == 1 ? 4 : 2) * shape(factor, a + Real(i) * h, range: lo, hi, p) }
            total += sum * h / 3
        }
        return total
    }

    /// Over the channels: sum_k y_k - sum_i log(sum_k y_k prod_f g_kf(x_if) / I_kf), each pdf normalised on its
    /// observable's range; events outside a range are not counted.
    func value(_ p: [Real]) -> Real {
        var total: Real = 0
        for (channel, columns) in zip(config.channels, channels) {
            let ranges = channel.observables.map { (Real($0.min), Real($0.max)) }
            let column = channel.observables.map(\.name)
            let yields = channel.model.map { parameter($0.yield, p) }
            let norms = channel.model.map { c in
                c.factors.map { f in
                    let range = ranges[column.firstIndex(of: f.observable)!]
                    return integral(f, range: range.0, range.1, p)
                }
            }
            total += yields.reduce(0, +)
            for i in columns[0].indices
            where channel.observables.indices.allSatisfy({ columns[$0][i] >= channel.observables[$0].min && columns[$0][i] <= channel.observables[$0].max }) {
                var l: Real = 0
                for (k, c) in channel.model.enumerated() {
                    var density = yields[k]
                    for (f, factor) in c.factors.enumerated() {
                        let o = column.firstIndex(of: factor.observable)!
                        density *= shape(factor, Real(columns[o][i]), range: ranges[o].0, ranges[o].1, p) / norms[k][f]
                    }
                    l += density
                }
                total -= log(l)
            }
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

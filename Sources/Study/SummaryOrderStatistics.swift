import Foundation

/// What the pulls in increasing order give: the median, and the Kolmogorov-Smirnov distance to N(0, 1) with its
/// p-value. Fed one pull at a time, so the sorted pulls never need to be held.
struct PullOrderStatistics {
    let count: Int
    private var seen = 0
    private var middle = (lower: Double.nan, upper: Double.nan)
    /// sup |F_n(x) - Phi(x)|, attained at a pull: just before it (F_n = (i-1)/n) or at it (F_n = i/n).
    private(set) var distance = 0.0

    init(count: Int) { self.count = count }

    mutating func add(_ pull: Double) {
        if seen == (count - 1) / 2 { middle.lower = pull }
        if seen == count / 2 { middle.upper = pull }
        seen += 1
        let phi = 0.5 * erfc(-pull / 2.0.squareRoot())
        let n = Double(count)
        distance = max(distance, Double(seen) / n - phi, phi - Double(seen - 1) / n)
    }

    var median: Double { count > 0 ? 0.5 * (middle.lower + middle.upper) : .nan }

    var normalityP: Double { count > 0 ? Self.kolmogorovPValue(distance: distance, count: count) : .nan }

    /// P(D_n >= distance) for n points from the hypothesised distribution: the Kolmogorov distribution at
    /// lambda = (sqrt(n) + 0.12 + 0.11 / sqrt(n)) D, Stephens' correction for finite n. Each of the two series of
    /// the distribution converges in a few terms on its side of lambda = 1.18.
    static func kolmogorovPValue(distance: Double, count: Int) -> Double {
        let root = Double(count).squareRoot()
        let lambda = (root + 0.12 + 0.11 / root) * distance
        guard lambda > 0 else { return 1 }
        if lambda < 1.18 {
            // P(K <= lambda) = sqrt(2 pi) / lambda * sum_k exp(-(2k - 1)^2 pi^2 / (8 lambda^2))
            var below = 0.0
            for k in 1...8 {
                let odd = Double(2 * k - 1)
                below += exp(-odd * odd * Double.pi * Double.pi / (8 * lambda * lambda))
            }
            return min(1, max(0, 1 - (2 * Double.pi).squareRoot() / lambda * below))
        }
        // P(K > lambda) = 2 sum_k (-1)^(k-1) exp(-2 k^2 lambda^2)
        var above = 0.0
        for k in 1...8 {
            let term = exp(-2 * Double(k * k) * lambda * lambda)
            above += k % 2 == 1 ? term : -term
        }
        return min(1, max(0, 2 * above))
    }
}

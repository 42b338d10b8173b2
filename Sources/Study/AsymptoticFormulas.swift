import Foundation

/// The asymptotic distributions of the test statistics (Cowan, Cranmer, Gross, Vitells 2011), which toys check
/// and which stand beside the toys' results: exact for a Gaussian measurement of a mean.
enum AsymptoticFormulas {
    /// Discovery: p0 = 1 - Phi(sqrt(q0)), Z = sqrt(q0).
    static func significance(q0: Double) -> (p: Double, z: Double) {
        let z = max(q0, 0).squareRoot()
        return (NormalDistribution.survival(z), z)
    }

    /// CLs+b, CLb and CLs of q~_mu = `q` where the background-only Asimov dataset gives `asimov` = mu^2/sigma^2.
    static func cls(q: Double, asimov: Double) -> (clsb: Double, clb: Double, cls: Double) {
        let q = max(q, 0), a = max(asimov, 0)
        let clsb: Double, clb: Double
        if q <= a || a == 0 {
            clsb = NormalDistribution.survival(q.squareRoot())
            clb = NormalDistribution.survival(q.squareRoot() - a.squareRoot())
        } else {
            clsb = NormalDistribution.survival((q + a) / (2 * a.squareRoot()))
            clb = NormalDistribution.survival((q - a) / (2 * a.squareRoot()))
        }
        return (clsb, clb, clb > 0 ? clsb / clb : .nan)
    }

    /// The statistic a background-only experiment gives at the N-sigma edge of its distribution: mu^ = N sigma,
    /// so sqrt(q~_mu) = sqrt(q_A) - N (0 once mu^ passes mu). N = +1 is the weaker (higher) expected limit.
    static func expectedStatistic(asimov: Double, sigmas n: Int) -> Double {
        let root = max(asimov, 0).squareRoot() - Double(n)
        return root > 0 ? root * root : 0
    }
}

/// Where a curve over the scan crosses a level, for limits (CLs = 1 - cl) and interval ends.
enum ScanCrossing {
    /// The first poi where CLs falls below `level`, interpolated linearly in log CLs between the two scan points
    /// around it (linearly in CLs when one of them is 0); NaN when CLs is below the level already at the first
    /// point (the limit lies below the scan) or never falls below it (above the scan).
    static func upperLimit(_ pois: [Double], _ cls: [Double], level: Double) -> Double {
        guard let first = cls.first, first >= level else { return .nan }
        for i in 1..<max(pois.count, 1) where cls[i] < level {
            let (x0, x1, y0, y1) = (pois[i - 1], pois[i], cls[i - 1], cls[i])
            if y1 > 0 && y0 > 0 { return x0 + (x1 - x0) * (log(level) - log(y0)) / (log(y1) - log(y0)) }
            return x0 + (x1 - x0) * (level - y0) / (y1 - y0)
        }
        return .nan
    }

    /// The poi where `d` (accepted where <= 0) changes sign between points i and j, linearly.
    static func edge(_ pois: [Double], _ d: [Double], _ i: Int, _ j: Int) -> Double {
        pois[i] + (pois[j] - pois[i]) * d[i] / (d[i] - d[j])
    }
}

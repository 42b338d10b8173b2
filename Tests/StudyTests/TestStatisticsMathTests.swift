import Foundation
import Testing
@testable import Study

/// The probability functions behind p-values, Z and CLs, against published constants and direct sums.
@Suite struct TestStatisticsMathTests {
    @Test func normalQuantilesMatchPublishedValues() {
        #expect(abs(NormalDistribution.quantile(0.975) - 1.959963984540054) < 1e-13)
        #expect(abs(NormalDistribution.cdf(1) - 0.8413447460685429) < 1e-15)
        // The discovery convention: Z = 5 is p0 = 2.866515718791939e-7 (one-sided).
        #expect(abs(NormalDistribution.survival(5) - 2.866515718791939e-7) < 1e-20)
        #expect(abs(-NormalDistribution.quantile(2.866515718791939e-7) - 5) < 1e-10)
        #expect(abs(NormalDistribution.quantile(0.5)) < 1e-15)
        for p in [1e-12, 1e-5, 0.02, 0.3, 0.7, 0.99, 1 - 1e-9] {
            let x = NormalDistribution.quantile(p)
            let back = p < 0.5 ? NormalDistribution.cdf(x) : 1 - NormalDistribution.survival(x)
            #expect(abs(back - p) <= 1e-13 * max(p, 1e-3), "p = \(p)")
        }
    }

    /// log of the binomial probability of k in n at p, summed directly (independent of the incomplete beta).
    func binomialTail(_ n: Int, _ p: Double, _ ks: ClosedRange<Int>) -> Double {
        ks.reduce(0) { sum, k in
            sum + exp(lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
                      + Double(k) * log(p) + Double(n - k) * log1p(-p))
        }
    }

    /// Clopper-Pearson: at the lower end P(X >= k) = (1 - level)/2, at the upper end P(X <= k) = (1 - level)/2.
    @Test(arguments: [(3, 20), (27, 2000), (0, 50), (50, 50), (500, 1000)])
    func clopperPearsonEndsHaveTheirTailProbabilities(k: Int, n: Int) {
        let (low, high) = BinomialInterval.clopperPearson(k, n, level: 0.6827)
        let half = (1 - 0.6827) / 2
        if k > 0 { #expect(abs(binomialTail(n, low, k...n) - half) < 1e-9, "low \(low)") } else { #expect(low == 0) }
        if k < n { #expect(abs(binomialTail(n, high, 0...k) - half) < 1e-9, "high \(high)") } else { #expect(high == 1) }
        if k == 0 { #expect(abs(high - (1 - pow(half, 1 / Double(n)))) < 1e-12) }
    }
}

import Foundation

/// The discovery significance from toys: p-value = fraction of valid background-only toys with q0 >= q0
/// observed, its Clopper-Pearson 68% interval, Z = Phi^-1(1 - p), and the asymptotic Z = sqrt(q0) beside them.
struct SignificanceReport: StudyReport {
    let test: HypothesisTest
    let toysUsed: Int, above: Int, failed: Int
    let p: Double, low: Double, high: Double

    init(test: HypothesisTest, toys: ToyStatistics) {
        self.test = test
        let tail = toys.tail(toys.block(point: 0, 0), count: test.toys, above: test.points[0].observed)
        (toysUsed, above, failed) = (tail.valid, tail.above, tail.failed)
        p = toysUsed > 0 ? Double(above) / Double(toysUsed) : .nan
        (low, high) = BinomialInterval.clopperPearson(above, toysUsed, level: 0.6827)
    }

    var z: Double { -NormalDistribution.quantile(p) }
    var asymptotic: (p: Double, z: Double) { AsymptoticFormulas.significance(q0: test.points[0].observed) }

    var json: JSONValue {
        .object([
            ("poi", .string(test.poiName)), ("poi_hat", .number(test.poiHat)),
            ("q0_observed", .number(test.points[0].observed)),
            ("toys", .integer(toysUsed)), ("toys_above", .integer(above)),
            ("p_value", .number(p)), ("p_value_low", .number(low)), ("p_value_high", .number(high)),
            ("z", .number(z)),
            ("p_value_asymptotic", .number(asymptotic.p)), ("z_asymptotic", .number(asymptotic.z)),
            ("failed", .integer(failed)),
            // With no toy above the observed value Z is infinite (null); the interval's upper end still bounds it.
            ("z_lower_bound", .number(-NormalDistribution.quantile(high))),
        ])
    }

    var markdown: String {
        let f = { (x: Double) in String(format: "%.4g", x) }
        guard toysUsed + failed > 0 else {
            return "significance of \(test.poiName) (asymptotic): \(test.poiName)^ = \(f(test.poiHat)), q0 observed = "
                + "\(f(test.points[0].observed)), p-value \(f(asymptotic.p)), Z = \(f(asymptotic.z))\n"
        }
        return """
            significance of \(test.poiName): \(test.poiName)^ = \(f(test.poiHat)), q0 observed = \(f(test.points[0].observed))

            | | p-value | Z |
            |---|---:|---:|
            | toys (\(toysUsed) valid, \(above) with q0 >= observed) | \(f(p)) [\(f(low)), \(f(high))] | \(z.isFinite ? f(z) : "> " + f(-NormalDistribution.quantile(high))) |
            | asymptotic | \(f(asymptotic.p)) | \(f(asymptotic.z)) |

            \(failed) toys failed (not counted).

            """
    }
}

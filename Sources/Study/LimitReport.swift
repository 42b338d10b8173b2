import Foundation

/// A CLs upper limit from toys: at every scan point CLs+b, CLb and CLs of the observed q~_mu with binomial
/// errors, the observed limit where CLs crosses 1 - cl, the expected limit and bands from the background-only
/// toys' quantiles, and the asymptotic CLs, limit and bands beside them.
struct LimitReport: StudyReport {
    struct Point {
        var poi: Double, observed: Double
        var toysSB: Int, toysB: Int, failed: Int
        var clsb: Double, clb: Double, cls: Double, clsError: Double, clsAsymptotic: Double
        var stoppedEarly: Bool
        /// CLs with the background-only toys' quantile at each band edge standing in for the observed value.
        var expectedCLs: [Double]
        var expectedAsymptotic: [Double]
    }

    static let bands = [-2, -1, 0, 1, 2]

    let test: HypothesisTest
    let points: [Point]

    init(test: HypothesisTest, toys: ToyStatistics, kept: LimitRounds) {
        self.test = test
        points = test.points.enumerated().map { i, point in
            let count = kept.needed[i], sb = toys.block(point: i, 0), b = toys.block(point: i, 1)
            let s = toys.tail(sb, count: count, above: point.observed), n = toys.tail(b, count: count, above: point.observed)
            let clsb = Double(s.above) / Double(s.valid), clb = Double(n.above) / Double(n.valid)
            let cls = clsb / clb
            let relative = (1 - clsb) / (Double(s.valid) * clsb) + (1 - clb) / (Double(n.valid) * clb)
            let background = toys.sortedValid(b, count: count)
            let expected = Self.bands.map { band -> Double in
                // Band N: the background-only experiment at its 1 - Phi(N) quantile (N = +1 is the weaker limit).
                let q = ToyStatistics.quantile(background, NormalDistribution.cdf(-Double(band)))
                let a = toys.tail(sb, count: count, above: q), c = toys.tail(b, count: count, above: q)
                return (Double(a.above) / Double(a.valid)) / (Double(c.above) / Double(c.valid))
            }
            let asymptotic = Self.bands.map {
                AsymptoticFormulas.cls(q: AsymptoticFormulas.expectedStatistic(asimov: point.asimov, sigmas: $0), asimov: point.asimov).cls
            }
            return Point(poi: point.poi, observed: point.observed, toysSB: s.valid, toysB: n.valid, failed: s.failed + n.failed,
                         clsb: clsb, clb: clb, cls: cls, clsError: cls > 0 ? cls * relative.squareRoot() : 0,
                         clsAsymptotic: AsymptoticFormulas.cls(q: point.observed, asimov: point.asimov).cls,
                         stoppedEarly: kept.stoppedEarly[i] && s.valid + s.failed + n.valid + n.failed > 0, expectedCLs: expected, expectedAsymptotic: asymptotic)
        }
    }

    var level: Double { 1 - test.cl }
    var pois: [Double] { points.map(\.poi) }
    var upperLimit: Double { ScanCrossing.upperLimit(pois, points.map(\.cls), level: level) }
    var upperLimitAsymptotic: Double { ScanCrossing.upperLimit(pois, points.map(\.clsAsymptotic), level: level) }
    func expected(_ k: Int) -> Double { ScanCrossing.upperLimit(pois, points.map { $0.expectedCLs[k] }, level: level) }
    func expectedAsymptotic(_ k: Int) -> Double { ScanCrossing.upperLimit(pois, points.map { $0.expectedAsymptotic[k] }, level: level) }

    var json: JSONValue {
        func bandsJSON(_ limit: (Int) -> Double) -> JSONValue {
            .object(Self.bands.enumerated().map { (String($1), .number(limit($0))) })
        }
        return .object([
            ("poi", .string(test.poiName)), ("cl", .number(test.cl)),
            ("points", .array(points.map { p in
                .object([
                    ("poi", .number(p.poi)), ("q_observed", .number(p.observed)),
                    ("toys_sb", .integer(p.toysSB)), ("toys_b", .integer(p.toysB)),
                    ("cls_b", .number(p.clsb)), ("cl_b", .number(p.clb)), ("cls", .number(p.cls)),
                    ("cls_error", .number(p.clsError)), ("cls_asymptotic", .number(p.clsAsymptotic)),
                    ("stopped_early", .bool(p.stoppedEarly)), ("failed", .integer(p.failed)),
                ])
            })),
            ("upper_limit", .number(upperLimit)), ("upper_limit_asymptotic", .number(upperLimitAsymptotic)),
            ("expected", bandsJSON(expected)), ("expected_asymptotic", bandsJSON(expectedAsymptotic)),
            ("failed", .integer(points.reduce(0) { $0 + $1.failed })),
        ])
    }

    var markdown: String {
        let f = { (x: Double) in x.isNaN ? "-" : String(format: "%.4g", x) }
        let cl = String(format: "%g%%", 100 * test.cl)
        guard points.contains(where: { $0.toysSB + $0.toysB + $0.failed > 0 }) else {
            var lines = ["\(cl) CLs upper limit on \(test.poiName) (asymptotic): \(f(upperLimitAsymptotic))",
                         "expected: median \(f(expectedAsymptotic(2))), 68% [\(f(expectedAsymptotic(1))), \(f(expectedAsymptotic(3)))], 95% [\(f(expectedAsymptotic(0))), \(f(expectedAsymptotic(4)))]",
                         "", "| \(test.poiName) | q observed | q Asimov | CLs |", "|---:|---:|---:|---:|"]
            lines += zip(points, test.points).map { "| \(f($0.poi)) | \(f($0.observed)) | \(f($1.asimov)) | \(f($0.clsAsymptotic)) |" }
            return lines.joined(separator: "\n") + "\n"
        }
        var lines = ["\(cl) CLs upper limit on \(test.poiName): \(f(upperLimit)) (toys), \(f(upperLimitAsymptotic)) (asymptotic)",
                     "expected (toys): median \(f(expected(2))), 68% [\(f(expected(1))), \(f(expected(3)))], 95% [\(f(expected(0))), \(f(expected(4)))]",
                     "expected (asymptotic): median \(f(expectedAsymptotic(2))), 68% [\(f(expectedAsymptotic(1))), \(f(expectedAsymptotic(3)))], 95% [\(f(expectedAsymptotic(0))), \(f(expectedAsymptotic(4)))]",
                     "", "| \(test.poiName) | q observed | toys sb | toys b | CLs+b | CLb | CLs | CLs asymptotic | stopped early | failed |",
                     "|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|"]
        for p in points {
            lines.append("| \(f(p.poi)) | \(f(p.observed)) | \(p.toysSB) | \(p.toysB) | \(f(p.clsb)) | \(f(p.clb)) | "
                         + "\(f(p.cls)) ± \(f(p.clsError)) | \(f(p.clsAsymptotic)) | \(p.stoppedEarly ? "yes" : "no") | \(p.failed) |")
        }
        if upperLimit.isNaN {
            lines += ["", "CLs does not cross \(f(level)) inside the scan: widen --scan."]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

import Foundation

/// A Feldman-Cousins interval: at every scan point the cl-quantile of t~_mu over toys generated there (the
/// critical value), the point accepted when the observed t~_mu is at most that; the interval runs from the first
/// to the last accepted point, its ends interpolated where t observed - t critical changes sign.
struct IntervalReport: StudyReport {
    struct Point {
        var poi: Double, observed: Double, critical: Double
        var toys: Int, failed: Int
        var accepted: Bool { observed <= critical }
    }

    let test: HypothesisTest
    let points: [Point]

    init(test: HypothesisTest, toys: ToyStatistics) {
        self.test = test
        points = test.points.enumerated().map { i, point in
            let block = toys.block(point: i, 0)
            let sorted = toys.sortedValid(block, count: test.toys)
            let failed = toys.tail(block, count: test.toys, above: 0).failed
            return Point(poi: point.poi, observed: point.observed, critical: ToyStatistics.quantile(sorted, test.cl),
                         toys: sorted.count, failed: failed)
        }
    }

    /// The interval's ends: at a scan end that is accepted, that end (the first scan point is usually the
    /// physical boundary); NaN when no point is accepted.
    var ends: (lower: Double, upper: Double) {
        guard let first = points.firstIndex(where: \.accepted), let last = points.lastIndex(where: \.accepted) else {
            return (.nan, .nan)
        }
        let pois = points.map(\.poi), d = points.map { $0.observed - $0.critical }
        let lower = first == 0 ? pois[0] : ScanCrossing.edge(pois, d, first - 1, first)
        let upper = last == points.count - 1 ? pois[last] : ScanCrossing.edge(pois, d, last, last + 1)
        return (lower, upper)
    }

    var json: JSONValue {
        .object([
            ("poi", .string(test.poiName)), ("cl", .number(test.cl)),
            ("points", .array(points.map { p in
                .object([("poi", .number(p.poi)), ("t_observed", .number(p.observed)), ("t_critical", .number(p.critical)),
                         ("toys", .integer(p.toys)), ("accepted", .bool(p.accepted)), ("failed", .integer(p.failed))])
            })),
            ("lower", .number(ends.lower)), ("upper", .number(ends.upper)),
            ("failed", .integer(points.reduce(0) { $0 + $1.failed })),
        ])
    }

    var markdown: String {
        let f = { (x: Double) in x.isNaN ? "-" : String(format: "%.4g", x) }
        var lines = ["\(String(format: "%g%%", 100 * test.cl)) Feldman-Cousins interval on \(test.poiName): [\(f(ends.lower)), \(f(ends.upper))]"
                     + " (\(test.poiName)^ = \(f(test.poiHat)))",
                     "", "| \(test.poiName) | t observed | t critical | toys | accepted | failed |", "|---:|---:|---:|---:|---|---:|"]
        for p in points {
            lines.append("| \(f(p.poi)) | \(f(p.observed)) | \(f(p.critical)) | \(p.toys) | \(p.accepted ? "yes" : "no") | \(p.failed) |")
        }
        if let first = points.first, let last = points.last, first.accepted && first.poi > test.boundary || last.accepted {
            lines += ["", "the interval reaches the end of the scan: widen --scan to find its end."]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

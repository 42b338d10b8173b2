/// A hypothesis test's stored toys, per block (scan point and hypothesis) in toy order: the statistic of every
/// valid toy, NaN for a failed one, and which toys have no record yet. Memory is the study's toys per point times
/// its blocks: a test's size, which the command line bounds, not a pull study's unbounded count.
struct ToyStatistics {
    static let missing = -1.0
    /// q of each block's toys by toy index: `missing`, NaN (failed) or q >= 0.
    private(set) var blocks: [[Double]]
    let hypothesesPerPoint: Int

    init(test: HypothesisTest, pass: ((ArraySlice<Double>) -> Void) throws -> Void) throws {
        hypothesesPerPoint = test.kind.hypotheses.count
        var blocks = [[Double]](repeating: [Double](repeating: Self.missing, count: test.toys),
                                count: test.points.count * hypothesesPerPoint)
        let toys = test.toys
        try pass { record in
            let key = Int(record[record.startIndex])
            let valid = record[record.startIndex + HypothesisExperiment.Column.valid] != 0
            blocks[key / toys][key % toys] = valid ? record[record.startIndex + HypothesisExperiment.Column.q] : .nan
        }
        self.blocks = blocks
    }

    func block(point: Int, _ hypothesis: Int) -> ArraySlice<Double> { blocks[point * hypothesesPerPoint + hypothesis][...] }

    /// Of the first `count` toys of a block: the valid ones, how many of them have q >= `observed`, and how
    /// many failed.
    func tail(_ block: ArraySlice<Double>, count: Int, above observed: Double) -> (valid: Int, above: Int, failed: Int) {
        var valid = 0, above = 0, failed = 0
        for q in block.prefix(count) where q != Self.missing {
            if q.isNaN { failed += 1; continue }
            valid += 1
            if q >= observed { above += 1 }
        }
        return (valid, above, failed)
    }

    /// The valid statistics among a block's first `count` toys, sorted.
    func sortedValid(_ block: ArraySlice<Double>, count: Int) -> [Double] {
        block.prefix(count).filter { !$0.isNaN && $0 != Self.missing }.sorted()
    }

    /// The p-quantile of sorted values, interpolated between order statistics (Hyndman and Fan's type 7, the
    /// default of R and numpy); NaN without values.
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = Double(sorted.count - 1) * p, low = Int(h.rounded(.down)), high = min(low + 1, sorted.count - 1)
        return sorted[low] + (h - Double(low)) * (sorted[high] - sorted[low])
    }
}

/// The adaptive rounds of a CLs limit: at every scan point toys run in rounds of growing size (250, 500, 1000,
/// ... up to `--toys`) until CLs is decided against 1 - cl by 3 standard errors. `needed` is a pure function of
/// the stored toys, so a resumed run, any MPI layout and merged shards (which run every round) keep the same
/// toys. The decision uses (k+1)/(n+2) for each fraction, so that a round with no toy above the observed value
/// does not claim an error of zero.
struct LimitRounds {
    /// Toys of each hypothesis the study needs at each point (its current round's bound).
    let needed: [Int]
    /// Whether the point stopped before `--toys`.
    let stoppedEarly: [Bool]

    static func bounds(maximum: Int) -> [Int] {
        var bounds: [Int] = [], bound = 250
        while bound < maximum {
            bounds.append(bound)
            bound *= 2
        }
        return bounds + [maximum]
    }

    init(test: HypothesisTest, pass: ((ArraySlice<Double>) -> Void) throws -> Void) throws {
        self.init(test: test, toys: try ToyStatistics(test: test, pass: pass))
    }

    init(test: HypothesisTest, toys: ToyStatistics) {
        let alpha = 1 - test.cl
        var needed: [Int] = [], early: [Bool] = []
        for (i, point) in test.points.enumerated() {
            let sb = toys.block(point: i, 0), b = toys.block(point: i, 1)
            var count = test.toys
            for bound in Self.bounds(maximum: test.toys) {
                count = bound
                if sb.prefix(bound).contains(ToyStatistics.missing) || b.prefix(bound).contains(ToyStatistics.missing) { break }
                let s = toys.tail(sb, count: bound, above: point.observed), n = toys.tail(b, count: bound, above: point.observed)
                if Self.decided(s.above, s.valid, n.above, n.valid, alpha: alpha) { break }
            }
            needed.append(count)
            early.append(count < test.toys)
        }
        self.needed = needed
        stoppedEarly = early
    }

    static func decided(_ kSB: Int, _ nSB: Int, _ kB: Int, _ nB: Int, alpha: Double) -> Bool {
        guard nSB > 0, nB > 0 else { return false }
        let pSB = Double(kSB + 1) / Double(nSB + 2), pB = Double(kB + 1) / Double(nB + 2)
        let cls = pSB / pB
        let error = cls * ((1 - pSB) / (Double(nSB) * pSB) + (1 - pB) / (Double(nB) * pB)).squareRoot()
        return abs(cls - alpha) > 3 * error
    }
}

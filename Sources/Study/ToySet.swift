/// A set of toy indices stored as sorted, disjoint, non-touching ranges. Toys finish nearly in order, so a study of
/// any size needs only a handful of ranges (about one per toy in flight) to say which toys are done.
public struct ToySet: Sendable, Equatable {
    public private(set) var ranges: [Range<Int>] = []
    public private(set) var count = 0

    public init() {}

    public func contains(_ toy: Int) -> Bool {
        let i = firstRange(reaching: toy)
        return i < ranges.count && ranges[i].contains(toy)
    }

    /// Adds `toy`; false if it was already there.
    @discardableResult
    public mutating func insert(_ toy: Int) -> Bool {
        let i = firstRange(reaching: toy)
        if i < ranges.count {
            if ranges[i].contains(toy) { return false }
            if ranges[i].upperBound == toy {
                let joinsNext = i + 1 < ranges.count && ranges[i + 1].lowerBound == toy + 1
                ranges[i] = ranges[i].lowerBound..<(joinsNext ? ranges[i + 1].upperBound : toy + 1)
                if joinsNext { ranges.remove(at: i + 1) }
            } else if ranges[i].lowerBound == toy + 1 {
                ranges[i] = toy..<ranges[i].upperBound
            } else {
                ranges.insert(toy..<(toy + 1), at: i)
            }
        } else {
            ranges.append(toy..<(toy + 1))
        }
        count += 1
        return true
    }

    /// How many members lie in `range`.
    public func count(in range: Range<Int>) -> Int {
        ranges.reduce(0) { $0 + $1.clamped(to: range).count }
    }

    /// The parts of `whole` not in the set, in order: the toys still to fit.
    public func missing(from whole: Range<Int>) -> [Range<Int>] {
        var gaps: [Range<Int>] = []
        var start = whole.lowerBound
        for range in ranges where range.upperBound > start && range.lowerBound < whole.upperBound {
            if range.lowerBound > start { gaps.append(start..<range.lowerBound) }
            start = max(start, range.upperBound)
        }
        if start < whole.upperBound { gaps.append(start..<whole.upperBound) }
        return gaps
    }

    /// The index of the first range whose upper bound is at least `toy` (ranges.count if none); the last range is
    /// checked first, since toys arrive nearly in order.
    private func firstRange(reaching toy: Int) -> Int {
        guard let last = ranges.last else { return 0 }
        if last.upperBound < toy { return ranges.count }
        if ranges.count == 1 || ranges[ranges.count - 2].upperBound < toy { return ranges.count - 1 }
        var low = 0, high = ranges.count - 1
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound < toy { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

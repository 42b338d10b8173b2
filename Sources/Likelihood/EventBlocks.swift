/// The events of one dataset in fixed blocks of `blockSize`, padded to a multiple of eight with copies of the
/// last event: padding lanes carry zero weight, and a copy of a real event keeps every per-lane density as
/// finite as that event's (a fixed point such as the range's edge can sit hundreds of widths from a narrow
/// peak, where a density ratio overflows and zero weight times infinity made the gradient NaN). Fixed blocks make the reduction order independent of the thread count (invariant 2),
/// and a block's working set (events, per-component densities, weights) stays in L1/L2. 1024 measured
/// faster than 512 (fewer per-block calls) and 256 on the seed model.
///
/// With several observables a block holds each observable's values for its events, one `blockSize` stretch
/// after the other (structure of arrays), so each 1-D kernel reads its own column at x + c * blockSize.
final class EventBlocks: @unchecked Sendable {
    static let blockSize = 1024

    let count: Int
    let blockCount: Int
    /// Doubles from one block's start to the next.
    private let blockStride: Int
    private let storage: UnsafeMutablePointer<Double>

    /// Keeps the events inside `range` (a pdf is zero outside its range), in their order.
    convenience init(_ data: [Double], range: ObservableRange) { self.init(columns: [data], ranges: [range]) }

    /// Keeps the events with every observable inside its range, in their order; `columns[c]` holds observable
    /// c's values.
    init(columns: [[Double]], ranges: [ObservableRange]) {
        blockStride = ranges.count * Self.blockSize
        if ranges.count == 1 {
            // Copied straight into the storage (sized for all of them) by one loop: a filtered intermediate array
            // cost as much per toy as generating the events.
            let capacity = paddedCount(max(columns[0].count, 1))
            storage = .allocate(capacity: capacity)
            var kept = 0
            for x in columns[0] where ranges[0].contains(x) {
                (storage + kept).initialize(to: x)
                kept += 1
            }
            count = kept
            blockCount = (count + Self.blockSize - 1) / Self.blockSize
            (storage + kept).initialize(repeating: kept > 0 ? storage[kept - 1] : ranges[0].lower, count: capacity - kept)
            return
        }
        let kept = (0..<columns[0].count).filter { i in ranges.indices.allSatisfy { ranges[$0].contains(columns[$0][i]) } }
        count = kept.count
        blockCount = (count + Self.blockSize - 1) / Self.blockSize
        let capacity = max(blockCount, 1) * blockStride
        storage = .allocate(capacity: capacity)
        for (c, column) in columns.enumerated() {
            let padding = kept.last.map { column[$0] } ?? ranges[c].lower
            for b in 0..<max(blockCount, 1) {
                let start = b * Self.blockSize, out = storage + b * blockStride + c * Self.blockSize
                out.initialize(repeating: padding, count: Self.blockSize)
                for i in 0..<max(0, min(Self.blockSize, count - start)) { out[i] = column[kept[start + i]] }
            }
        }
    }

    deinit { storage.deallocate() }

    /// The events of block b and how many of them are real (the rest, up to a multiple of eight, is padding).
    func block(_ b: Int) -> (events: UnsafePointer<Double>, count: Int) {
        let start = b * Self.blockSize
        return (UnsafePointer(storage + b * blockStride), min(Self.blockSize, count - start))
    }

    /// The blocks chunk c of `chunks` evaluates: contiguous, as even as possible.
    func blocks(ofChunk c: Int, of chunks: Int) -> Range<Int> {
        (c * blockCount / chunks)..<((c + 1) * blockCount / chunks)
    }
}

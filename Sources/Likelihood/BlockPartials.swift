/// Per-block partial sums, one row per block, added in block order: the fixed reduction order that makes the
/// NLL bitwise identical for any thread count. Rows are written by whichever thread owns the block.
final class BlockPartials: @unchecked Sendable {
    let blocks: Int
    let width: Int
    private let rows: UnsafeMutablePointer<Double>
    private let totals: UnsafeMutablePointer<Double>

    init(blocks: Int, width: Int) {
        self.blocks = blocks
        self.width = width
        rows = .allocate(capacity: max(blocks, 1) * width)
        rows.initialize(repeating: 0, count: max(blocks, 1) * width)
        totals = .allocate(capacity: width)
        totals.initialize(repeating: 0, count: width)
    }

    deinit {
        rows.deallocate()
        totals.deallocate()
    }

    func row(_ b: Int) -> UnsafeMutablePointer<Double> { rows + b * width }

    /// Column sums of the first `columns` columns over all blocks in block order; valid until the next call.
    func sumInBlockOrder(columns: Int) -> UnsafePointer<Double> {
        totals.update(repeating: 0, count: width)
        for b in 0..<blocks {
            let row = self.row(b)
            for c in 0..<columns { totals[c] += row[c] }
        }
        return UnsafePointer(totals)
    }
}

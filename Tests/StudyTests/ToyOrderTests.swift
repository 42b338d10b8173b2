import Foundation
import Testing
@testable import Study

/// The pieces that keep rank 0's memory independent of the number of toys.
@Suite struct ToyOrderTests {
    /// ToySet against Swift's Set on toys inserted nearly in order, with repeats.
    @Test func toySetMatchesASet() {
        var generator = SystemRandomNumberGenerator()
        var set = ToySet(), reference = Set<Int>()
        for base in stride(from: 0, to: 5000, by: 10) {
            for toy in (base..<(base + 14)).shuffled(using: &generator) where Int.random(in: 0..<10, using: &generator) > 0 {
                #expect(set.insert(toy) == reference.insert(toy).inserted)
            }
        }
        #expect(set.count == reference.count)
        for toy in -2..<5020 { #expect(set.contains(toy) == reference.contains(toy)) }
        for (a, b) in zip(set.ranges, set.ranges.dropFirst()) { #expect(a.upperBound < b.lowerBound, "disjoint, not touching") }
        let missing = set.missing(from: 0..<5020).flatMap { Array($0) }
        #expect(missing == (0..<5020).filter { !reference.contains($0) })
    }

    /// Rows far out of order with a heap of 3 rows and merges of 2 runs at a time: many runs, several merge levels.
    @Test func externalSortGivesToyOrder() throws {
        let path = NSTemporaryDirectory() + "toystudy-sort-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let study = try seedPeakStudy(), table = ToyTable(study: study), directory = ResultDirectory(path: path)
        let order = Array(0..<40).shuffled() + [7, 8]
        let rows = order.map { table.row(sampleResult(toy: $0)) }
        try directory.writeAtomically(ResultDirectory.partialFile, ([table.header] + rows).map { $0 + "\n" }.joined())
        var sorted: [String] = []
        let sort = ToyOrderSort(directory: directory, memoryRows: 3, fanIn: 2)
        try sort.sort([directory.rows(ResultDirectory.partialFile, table: table.experiment.table)]) { sorted.append(String($0)) }
        #expect(sorted == (0..<40).map { table.row(sampleResult(toy: $0)) })
        #expect(try FileManager.default.contentsOfDirectory(atPath: path) == [ResultDirectory.partialFile], "no run left behind")
    }
}

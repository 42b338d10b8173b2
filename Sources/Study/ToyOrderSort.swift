import Foundation

/// Brings the rows of toys.partial.csv (or of a job array's shards) into key order for toys.csv with bounded
/// memory: an external merge sort.
///
/// Replacement selection keeps `memoryRows` rows in a heap and writes the smallest to the current sorted run;
/// a row smaller than the run's last is held for the next run. Toys finish nearly in order (out of order by at most
/// the toys in flight), so a run is usually the whole file; a resumed study adds one run per interruption. The runs
/// are then merged, `fanIn` at a time.
public struct ToyOrderSort {
    let directory: ResultDirectory
    let memoryRows: Int
    let fanIn: Int

    /// `memoryRows` 2^14, about 8 MB of rows: more than the toys in flight even on a large cluster, so one run
    /// stays the rule.
    public init(directory: ResultDirectory, memoryRows: Int = 1 << 14, fanIn: Int = 64) {
        self.directory = directory
        self.memoryRows = memoryRows
        self.fanIn = fanIn
    }

    /// A row waiting in the heap, ordered by its run, then its toy.
    private struct Pending: Comparable {
        var run: Int
        var toy: Int
        var row: Substring
        static func < (a: Pending, b: Pending) -> Bool { (a.run, a.toy) < (b.run, b.toy) }
        static func == (a: Pending, b: Pending) -> Bool { (a.run, a.toy) == (b.run, b.toy) }
    }

    /// Calls `emit` with every distinct row of the checked files `sources` once, in key order.
    public func sort(_ sources: [StoredRows], emit: (Substring) throws -> Void) throws {
        var runs: [String] = []
        defer { for run in runs { unlink(run) } }
        var runsMade = 0
        func newRun() throws -> FileWriter {
            runsMade += 1
            let writer = try FileWriter(path: directory.file(".toys.run-\(runsMade).tmp").path, appending: false)
            runs.append(writer.path)
            return writer
        }
        var heap = MinHeap<Pending>()
        var writer: FileWriter?
        var lastToy = Int.min
        func writeSmallest() throws {
            let smallest = heap.pop()!
            if smallest.run == runs.count - 1, let writer {
                try writer.writeLine(smallest.row)
            } else {
                try writer?.close()
                writer = try newRun()
                try writer!.writeLine(smallest.row)
            }
            lastToy = smallest.toy
        }
        for source in sources {
            try source.scan { toy, row, _ in
                if heap.count == memoryRows { try writeSmallest() }
                let run = max(runs.count - 1, 0)
                heap.push(Pending(run: toy < lastToy ? run + 1 : run, toy: toy, row: row))
            }
        }
        while !heap.isEmpty { try writeSmallest() }
        try writer?.close()
        while runs.count > fanIn {
            let group = Array(runs.prefix(fanIn))
            let merged = try newRun()
            try merge(group) { try merged.writeLine($0) }
            try merged.close()
            for run in group { unlink(run) }
            runs.removeFirst(fanIn)
        }
        try merge(runs, emit: emit)
    }

    /// One row of a run being merged.
    private struct Head: Comparable {
        var toy: Int
        var source: Int
        var row: String
        static func < (a: Head, b: Head) -> Bool { a.toy < b.toy }
        static func == (a: Head, b: Head) -> Bool { a.toy == b.toy }
    }

    /// Merges sorted runs of rows into one sequence in toy order.
    private func merge(_ runs: [String], emit: (Substring) throws -> Void) throws {
        let readers = try runs.map { try LineReader(path: $0) }
        var heads = MinHeap<Head>()
        func advance(_ source: Int) throws {
            guard let (text, _) = try readers[source].next() else { return }
            heads.push(Head(toy: Int(text.prefix { $0 != "," })!, source: source, row: text))
        }
        for source in readers.indices { try advance(source) }
        while let head = heads.pop() {
            try emit(Substring(head.row))
            try advance(head.source)
        }
    }
}

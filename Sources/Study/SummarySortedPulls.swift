import Foundation

/// The pulls of one parameter handed back in increasing order, for the median and the normality test, in memory
/// that does not grow with the toys: an external merge sort. Pulls collect in a buffer of `runLength`; a full
/// buffer is sorted and appended to a temporary file as one run, and the runs are merged through a heap, each read
/// a block at a time. Memory is the buffer plus one block per run. Without a run length everything stays in memory
/// (for results that are in memory already).
final class SortedPulls {
    private let runLength: Int?
    private var buffer: [Double] = []
    /// Runs in the temporary file, as ranges of doubles.
    private var runs: [Range<Int>] = []
    private var spill: FileWriter?
    /// The first failure to write a run (a full disk), reported when the pulls are read back.
    private var failure: Error?

    init(runLength: Int?) {
        self.runLength = runLength
        buffer.reserveCapacity(min(runLength ?? 1024, 1 << 16))
    }

    deinit { if let spill { unlink(spill.path) } }

    func append(_ pull: Double) {
        buffer.append(pull)
        if let runLength, buffer.count >= runLength { writeRun() }
    }

    /// Calls `visit` with every pull in increasing order.
    func forEachInOrder(_ visit: (Double) -> Void) throws {
        if let failure { throw failure }
        guard let spill else {
            buffer.sort()
            buffer.forEach(visit)
            return
        }
        if !buffer.isEmpty { writeRun() }
        if let failure { throw failure }
        try spill.flush()
        let descriptor = open(spill.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw StoreError("read", spill.path, errno: errno) }
        defer { close(descriptor) }
        var readers = runs.map { RunReader(descriptor: descriptor, run: $0) }
        var heads = MinHeap<Head>()
        for k in readers.indices {
            if let first = try readers[k].next(path: spill.path) { heads.push(Head(pull: first, run: k)) }
        }
        while let head = heads.pop() {
            visit(head.pull)
            if let next = try readers[head.run].next(path: spill.path) { heads.push(Head(pull: next, run: head.run)) }
        }
    }

    private func writeRun() {
        guard failure == nil else { return }
        do {
            let writer = try spill ?? Self.temporaryFile()
            spill = writer
            buffer.sort()
            let start = runs.last?.upperBound ?? 0
            try writer.write(buffer)
            runs.append(start..<(start + buffer.count))
            buffer.removeAll(keepingCapacity: true)
        } catch {
            failure = error
        }
    }

    private static func temporaryFile() throws -> FileWriter {
        var template = Array((NSTemporaryDirectory() + "/toystudy-pulls-XXXXXX").utf8CString)
        let descriptor = mkstemp(&template)
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        guard descriptor >= 0 else { throw StoreError("create a temporary file like", path, errno: errno) }
        close(descriptor)
        return try FileWriter(path: path, appending: false)
    }

    /// The smallest unread pull of one run, ordered by value (then run, so equal pulls merge deterministically).
    private struct Head: Comparable {
        var pull: Double
        var run: Int
        static func < (a: Head, b: Head) -> Bool { a.pull != b.pull ? a.pull < b.pull : a.run < b.run }
    }

    /// Reads one sorted run back a block at a time.
    private struct RunReader {
        let descriptor: Int32
        var position: Int
        let end: Int
        var block: [Double] = []
        var index = 0

        init(descriptor: Int32, run: Range<Int>) {
            self.descriptor = descriptor
            position = run.lowerBound
            end = run.upperBound
        }

        mutating func next(path: String) throws -> Double? {
            if index == block.count {
                guard position < end else { return nil }
                let count = min(1024, end - position)
                if block.count != count { block = [Double](repeating: 0, count: count) }
                var done = 0
                while done < 8 * count {
                    let bytes = block.withUnsafeMutableBytes {
                        pread(descriptor, $0.baseAddress! + done, 8 * count - done, off_t(8 * position + done))
                    }
                    if bytes < 0 && errno == EINTR { continue }
                    guard bytes > 0 else { throw StoreError("read", path, errno: bytes < 0 ? errno : EIO) }
                    done += bytes
                }
                position += count
                index = 0
            }
            index += 1
            return block[index - 1]
        }
    }
}

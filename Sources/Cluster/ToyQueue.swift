import Foundation

/// The toys still to be handed out, as ranges, shared by this process's fitting threads and (on rank 0) the
/// coordinator that gives chunks of them to other ranks. Which toy goes where does not matter: each toy's result
/// depends only on (seed, toy). Ranges keep a queue of any number of toys small.
public final class ToyQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var ranges: [Range<Int>]
    private var next = 0

    public init(_ ranges: [Range<Int>]) { self.ranges = ranges.filter { !$0.isEmpty } }

    /// Up to `count` consecutive toys (fewer at the end of a range); empty when none are left.
    public func take(upTo count: Int) -> Range<Int> {
        lock.lock()
        defer { lock.unlock() }
        guard next < ranges.count else { return 0..<0 }
        let range = ranges[next]
        let end = range.lowerBound + min(count, range.count)
        if end == range.upperBound { next += 1 } else { ranges[next] = end..<range.upperBound }
        return range.lowerBound..<end
    }

    /// Hands out nothing more: a stop keeps the toys not yet started for --resume.
    public func close() {
        lock.lock()
        next = ranges.count
        lock.unlock()
    }

    public var remaining: Int {
        lock.lock()
        defer { lock.unlock() }
        return ranges[next...].reduce(0) { $0 + $1.count }
    }
}

import Foundation

/// The toys still to be handed out, shared by this process's fitting threads and (on rank 0) the coordinator
/// that gives chunks of them to other ranks. Which toy goes where does not matter: each toy's result depends
/// only on (seed, toy).
public final class ToyQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var toys: [Int]
    private var next = 0

    public init(_ toys: [Int]) { self.toys = toys }

    public func take(upTo count: Int) -> [Int] {
        lock.lock()
        defer { lock.unlock() }
        let end = min(toys.count, next + count)
        let chunk = Array(toys[next..<end])
        next = end
        return chunk
    }

    public var remaining: Int {
        lock.lock()
        defer { lock.unlock() }
        return toys.count - next
    }
}

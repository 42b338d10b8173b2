import Foundation
import Study

/// This process's fitting threads: each takes one task (a toy) at a time from the queue, runs it and posts its
/// record, until the queue is empty. Toys in parallel cost nothing in synchronisation, unlike threads inside one fit.
public final class FittingThreads: @unchecked Sendable {
    private let finished = NSCondition()
    private var running: Int

    public init(experiment: any Experiment, queue: ToyQueue, inbox: ResultInbox, threads: Int) {
        running = threads
        for _ in 0..<threads {
            let thread = Thread { [self] in
                while case let toys = queue.take(upTo: 1), let toy = toys.first {
                    inbox.put(experiment.run(task: toy))
                }
                finished.lock()
                running -= 1
                finished.broadcast()
                finished.unlock()
            }
            thread.start()
        }
    }

    public var isFinished: Bool {
        finished.lock()
        defer { finished.unlock() }
        return running == 0
    }

    public func join() {
        finished.lock()
        while running > 0 { finished.wait() }
        finished.unlock()
    }

    /// Waits up to `seconds` for the threads to finish; true if they have.
    public func wait(seconds: TimeInterval) -> Bool {
        finished.lock()
        defer { finished.unlock() }
        if running > 0 { _ = finished.wait(until: Date(timeIntervalSinceNow: seconds)) }
        return running == 0
    }
}

import Foundation
import Study

/// Results handed from the fitting threads to the thread that stores or sends them.
public final class ResultInbox: @unchecked Sendable {
    private let condition = NSCondition()
    private var results: [ToyResult] = []

    public init() {}

    public func put(_ box: ToyResult) {
        condition.lock()
        results.append(box)
        condition.signal()
        condition.unlock()
    }

    /// Everything that arrived, waiting up to `timeout` seconds for the first.
    public func drain(waiting timeout: TimeInterval) -> [ToyResult] {
        condition.lock()
        defer { condition.unlock() }
        if results.isEmpty { _ = condition.wait(until: Date(timeIntervalSinceNow: timeout)) }
        let taken = results
        results.removeAll()
        return taken
    }
}

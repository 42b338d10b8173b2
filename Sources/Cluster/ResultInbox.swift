import Foundation
import Study

/// Records handed from the fitting threads to the thread that stores or sends them, one after the other in one
/// array (the form an MPI message carries).
public final class ResultInbox: @unchecked Sendable {
    private let condition = NSCondition()
    private var results: [Double] = []

    public init() {}

    public func put(_ record: [Double]) {
        condition.lock()
        results += record
        condition.signal()
        condition.unlock()
    }

    /// Everything that arrived, waiting up to `timeout` seconds for the first.
    public func drain(waiting timeout: TimeInterval) -> [Double] {
        condition.lock()
        defer { condition.unlock() }
        if results.isEmpty { _ = condition.wait(until: Date(timeIntervalSinceNow: timeout)) }
        let taken = results
        results.removeAll()
        return taken
    }
}

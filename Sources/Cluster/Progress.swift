import Foundation

/// A line on stderr every few seconds while a study runs: toys done, rate, time left. stdout stays for the table.
public final class Progress {
    /// Grows when an adaptive study adds a round.
    public var total: Int
    private let alreadyDone: Int
    private let start = Date()
    private var lastReport = Date()
    private let interval: TimeInterval

    public init(total: Int, alreadyDone: Int, interval: TimeInterval = 5) {
        self.total = total
        self.alreadyDone = alreadyDone
        self.interval = interval
    }

    public func update(done: Int) {
        guard Date().timeIntervalSince(lastReport) >= interval, done < total else { return }
        lastReport = Date()
        let elapsed = Date().timeIntervalSince(start)
        let rate = Double(done - alreadyDone) / max(elapsed, 1e-9)
        let left = rate > 0 ? Double(total - done) / rate : .infinity
        let eta = left.isFinite ? String(format: "%.0f s left", left) : "estimating"
        FileHandle.standardError.write(Data("toystudy: \(done)/\(total) toys, \(String(format: "%.1f", rate)) toys/s, \(eta)\n".utf8))
    }

    /// Throughput of this run, printed with the final table.
    public func finalLine(done: Int) -> String {
        let elapsed = Date().timeIntervalSince(start)
        let fitted = done - alreadyDone
        return "\(fitted) toys fitted in " + String(format: "%.2f s (%.2f ms per toy)", elapsed, fitted > 0 ? 1000 * elapsed / Double(fitted) : 0)
    }
}

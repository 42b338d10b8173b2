/// One of `count` equal slices of a study's toys, for batch systems that run a job array instead of MPI.
/// Shard k runs the contiguous toys [k*N/count, (k+1)*N/count); `toystudy merge` joins the slices, and the merged
/// toys.csv equals an unsharded run because every toy depends only on (seed, toy).
public struct Shard: Sendable, Equatable {
    public var index: Int
    public var count: Int

    /// Parses the command line's "K/N" (0 <= K < N) for a study of `toys` toys, which must be at least N: a
    /// shard without toys is a mistake in the job array, not a job.
    public init(parsing text: String, toys: Int) throws(ConfigError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (0..<count).contains(index) else {
            throw ConfigError(field: "--shard", "expected K/N with 0 <= K < N, e.g. --shard 0/8 for the first of 8 shards (got \"\(text)\")")
        }
        guard count <= toys else {
            throw ConfigError(field: "--shard", "\(count) shards for \(toys) toys would leave shards without toys; use at most \(toys) shards (N <= the number of toys)")
        }
        self.init(index: index, count: count)
    }

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// The slice's toys. The products k*N are formed in 128 bits, so no shard of any study can overflow.
    public func toys(of total: Int) -> Range<Int> { Self.boundary(index, of: count, total: total)..<Self.boundary(index + 1, of: count, total: total) }

    /// k*N/count, exactly, for 0 <= k <= count and N >= 0.
    private static func boundary(_ k: Int, of count: Int, total: Int) -> Int {
        count.dividingFullWidth(k.multipliedFullWidth(by: total)).quotient
    }

    public var json: JSONValue { .object([("index", .integer(index)), ("count", .integer(count))]) }

    public init?(json: JSONValue) {
        guard case let .object(members) = json,
              let index = members.first(where: { $0.key == "index" })?.value.exactly(Int.self),
              let count = members.first(where: { $0.key == "count" })?.value.exactly(Int.self),
              count >= 1, index >= 0, index < count else { return nil }
        self.init(index: index, count: count)
    }
}

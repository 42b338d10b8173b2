/// One of `count` equal slices of a study's toys, for batch systems that run a job array instead of MPI.
/// Shard k runs the contiguous toys [k*N/count, (k+1)*N/count); `toystudy merge` joins the slices, and the merged
/// toys.csv equals an unsharded run because every toy depends only on (seed, toy).
public struct Shard: Sendable, Equatable {
    public var index: Int
    public var count: Int

    /// Parses the command line's "K/N" (0 <= K < N).
    public init(parsing text: String) throws(ConfigError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (0..<count).contains(index) else {
            throw ConfigError(field: "--shard", "expected K/N with 0 <= K < N, e.g. --shard 0/8 for the first of 8 shards (got \"\(text)\")")
        }
        self.init(index: index, count: count)
    }

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    public func toys(of total: Int) -> Range<Int> { (index * total / count)..<((index + 1) * total / count) }

    public var json: JSONValue { .object([("index", .number(Double(index))), ("count", .number(Double(count)))]) }

    public init?(json: JSONValue) {
        guard case let .object(members) = json,
              case let .number(index)? = members.first(where: { $0.key == "index" })?.value,
              case let .number(count)? = members.first(where: { $0.key == "count" })?.value,
              count >= 1, index >= 0, index < count else { return nil }
        self.init(index: Int(index), count: Int(count))
    }
}

/// A histogram from simulation, the shape of a `histogram` pdf: contiguous bins (edges[b] to edges[b + 1]) with
/// non-negative contents. The density is content / bin width, zero outside the bins.
public struct HistogramTemplate: Sendable, Equatable {
    /// bins + 1 increasing edges.
    public let edges: [Double]
    public let contents: [Double]

    /// nil unless the edges increase strictly, every number is finite and every content is >= 0
    /// (the config names what is wrong before it builds one).
    public init?(edges: [Double], contents: [Double]) {
        guard !contents.isEmpty, edges.count == contents.count + 1, edges.allSatisfy(\.isFinite),
              zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }),
              contents.allSatisfy({ $0.isFinite && $0 >= 0 }) else { return nil }
        self.edges = edges
        self.contents = contents
    }

    /// The template's content inside [a, b], bins cut at a and b in proportion to their overlap.
    public func content(from a: Double, to b: Double) -> Double {
        var total = 0.0
        for bin in contents.indices {
            let low = max(edges[bin], a), high = min(edges[bin + 1], b)
            if high > low { total += contents[bin] * (high - low) / (edges[bin + 1] - edges[bin]) }
        }
        return total
    }
}

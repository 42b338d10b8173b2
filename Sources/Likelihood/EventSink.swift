/// Where a sampler puts one component's events: out[0..<count], with room for eight more, because samplers
/// store whole lane groups. Inverse-CDF samplers store each group of uniforms mapped to a group of events;
/// accept-reject samplers append the accepted lanes of each group of candidates. Every event is clamped to the
/// range on its way in: a guard against the last bit of rounding in location + scale * t, not a change of the
/// distribution.
struct EventSink {
    private(set) var out: UnsafeMutablePointer<Double>
    private(set) var count: Int
    private let lower: SIMD8<Double>
    private let upper: SIMD8<Double>
    private(set) var filled = 0

    init(_ out: UnsafeMutablePointer<Double>, count: Int, range: ObservableRange) {
        self.out = out
        self.count = count
        lower = SIMD8(repeating: range.lower)
        upper = SIMD8(repeating: range.upper)
    }

    @inline(__always)
    private func clamped(_ x: SIMD8<Double>) -> SIMD8<Double> {
        x.replacing(with: lower, where: x .< lower).replacing(with: upper, where: x .> upper)
    }

    var isFull: Bool { filled >= count }

    /// Stores the next lane group whole (an inverse-CDF sampler's: every lane an event). Written out by each
    /// sampler as `while !sink.isFull { sink.store(f(uniforms.next())) }` rather than taking f as a closure,
    /// which the compiler left as one indirect call per group.
    @inline(__always)
    mutating func store(_ x: SIMD8<Double>) {
        out.storeLanes(clamped(x), at: filled)
        filled = min(filled + 8, count)
    }

    /// The next `n` places as a sink of their own (one part of a mixture), counted here as filled.
    mutating func split(_ n: Int) -> EventSink {
        var part = self
        part.filled = 0
        part.out = out + filled
        part.count = n
        filled += n
        return part
    }

    /// Appends the accepted lanes in lane order, without branches (every lane is stored, the position moves past
    /// accepted ones only); once full it takes nothing, so the events kept depend on the uniforms alone.
    @inline(__always)
    mutating func append(_ x: SIMD8<Double>, accepted: SIMDMask<SIMD8<Int64>>) {
        guard filled < count else { return }
        let x = clamped(x)
        for lane in 0..<8 {
            out[filled] = x[lane]
            filled &+= accepted[lane] ? 1 : 0
        }
    }
}

/// Where a sampler puts one component's events: out[0..<count], with room for eight more, because samplers
/// store whole lane groups. Inverse-CDF samplers map each group of uniforms to a group of events;
/// accept-reject samplers append the accepted lanes of each group of candidates.
struct EventSink {
    let out: UnsafeMutablePointer<Double>
    let count: Int
    private(set) var filled = 0

    init(_ out: UnsafeMutablePointer<Double>, count: Int) {
        self.out = out
        self.count = count
    }

    var isFull: Bool { filled >= count }

    /// Fills the rest with transform(next eight uniforms) per lane group.
    @inline(__always)
    mutating func fill(from uniforms: inout UniformBuffer, _ transform: (SIMD8<Double>) -> SIMD8<Double>) {
        for i in stride(from: filled, to: count, by: 8) { out.storeLanes(transform(uniforms.next()), at: i) }
        filled = max(filled, count)
    }

    /// The next `n` places as a sink of their own (one part of a mixture), counted here as filled.
    mutating func split(_ n: Int) -> EventSink {
        let part = EventSink(out + filled, count: n)
        filled += n
        return part
    }

    /// Appends the accepted lanes in lane order, without branches (every lane is stored, the position moves past
    /// accepted ones only); once full it takes nothing, so the events kept depend on the uniforms alone.
    @inline(__always)
    mutating func append(_ x: SIMD8<Double>, accepted: SIMDMask<SIMD8<Int64>>) {
        guard filled < count else { return }
        for lane in 0..<8 {
            out[filled] = x[lane]
            filled &+= accepted[lane] ? 1 : 0
        }
    }
}

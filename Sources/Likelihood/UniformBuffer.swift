/// A source of raw 64-bit words for the toy generator that can fill a whole buffer at once: the per-toy
/// counter-based stream does it eight Philox blocks per vector step, which is what makes a uniform cost about
/// a nanosecond. Any other generator gets the word-by-word default.
public protocol UniformSource: RandomNumberGenerator {
    /// words[0..<count] = the next `count` outputs of `next()`, in order.
    mutating func fill(_ words: UnsafeMutablePointer<UInt64>, count: Int)
}

extension UniformSource {
    public mutating func fill(_ words: UnsafeMutablePointer<UInt64>, count: Int) {
        for i in 0..<count { words[i] = next() }
    }
}

/// Uniforms in (0, 1) eight at a time, refilled from the toy's source a buffer at a time. Each word gives
/// (k + 1/2) 2^-52 with k its top 52 bits: never 0 or 1, so samplers may take logs of u and 1 - u, and
/// u -> 1 - u maps the set of values onto itself. Samplers take whole groups of eight, so how many words a
/// toy consumes depends only on the stream itself (the accept-reject outcomes), never on the hardware.
struct UniformBuffer: ~Copyable {
    static let capacity = 512
    private let words = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
    private var position = capacity
    private let refill: (UnsafeMutablePointer<UInt64>, Int) -> Void

    /// `refill(words, count)` writes the next `count` words of the toy's stream.
    init(refill: @escaping (UnsafeMutablePointer<UInt64>, Int) -> Void) { self.refill = refill }

    deinit { words.deallocate() }

    /// The next eight uniforms.
    @inline(__always)
    mutating func next() -> SIMD8<Double> {
        if position == Self.capacity {
            refill(words, Self.capacity)
            position = 0
        }
        let w = UnsafeRawPointer(words + position).loadUnaligned(as: SIMD8<UInt64>.self)
        position += 8
        // 1.m with the word's top 52 bits as mantissa, minus (1 - 2^-53): exact, in (0, 1).
        let mantissa = unsafeBitCast((w &>> 12) | 0x3FF0_0000_0000_0000, to: SIMD8<Double>.self)
        return mantissa - (1 - 0x1p-53)
    }
}

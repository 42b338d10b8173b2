import Likelihood

/// The random numbers of one toy: Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3",
/// the Random123 generator), keyed by the study seed with the toy index in the counter.
///
/// Counter-based means toy i's numbers are a pure function of (seed, i): any rank, thread, shard or resumed run
/// reproduces toy i alone, without replaying toys 0..<i or sharing a generator. It also means blocks are
/// independent of each other, so `fill` computes eight of them per vector step.
public struct ToyStream: UniformSource, Sendable {
    private let key: (UInt32, UInt32)
    private let toy: UInt64
    /// Index of the next 128-bit Philox block within this toy's stream.
    private var block: UInt64 = 0
    private var buffered: UInt64 = 0
    private var hasBuffered = false

    public init(seed: UInt64, toy: Int) {
        key = (UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
        self.toy = UInt64(toy)
    }

    /// Block b's two words: (x0 | x1 << 32), then (x2 | x3 << 32).
    public mutating func next() -> UInt64 {
        if hasBuffered {
            hasBuffered = false
            return buffered
        }
        let words = Self.philox(counter: (UInt32(truncatingIfNeeded: block), UInt32(truncatingIfNeeded: block >> 32),
                                          UInt32(truncatingIfNeeded: toy), UInt32(truncatingIfNeeded: toy >> 32)),
                                key: key)
        block &+= 1
        buffered = UInt64(words.2) | UInt64(words.3) << 32
        hasBuffered = true
        return UInt64(words.0) | UInt64(words.1) << 32
    }

    /// The same words as `count` calls of `next()`, eight blocks (sixteen words) per vector step.
    public mutating func fill(_ words: UnsafeMutablePointer<UInt64>, count: Int) {
        var i = 0
        if hasBuffered && count > 0 {
            words[0] = next()
            i = 1
        }
        let high = SIMD8<UInt32>(repeating: UInt32(truncatingIfNeeded: toy)),
            top = SIMD8<UInt32>(repeating: UInt32(truncatingIfNeeded: toy >> 32))
        let steps = SIMD8<UInt64>(0, 1, 2, 3, 4, 5, 6, 7)
        while i + 16 <= count {
            let blocks = SIMD8<UInt64>(repeating: block) &+ steps
            let x = Self.philox(SIMD8(truncatingIfNeeded: blocks), SIMD8(truncatingIfNeeded: blocks &>> 32), high, top,
                                key: (SIMD8(repeating: key.0), SIMD8(repeating: key.1)))
            let first = SIMD8<UInt64>(truncatingIfNeeded: x.0) | SIMD8<UInt64>(truncatingIfNeeded: x.1) &<< 32
            let second = SIMD8<UInt64>(truncatingIfNeeded: x.2) | SIMD8<UInt64>(truncatingIfNeeded: x.3) &<< 32
            for lane in 0..<8 {
                words[i + 2 * lane] = first[lane]
                words[i + 2 * lane + 1] = second[lane]
            }
            block &+= 8
            i += 16
        }
        while i < count {
            words[i] = next()
            i += 1
        }
    }

    /// Ten Philox rounds on one counter (lane 0 of the vector rounds, so both paths are one algorithm).
    public static func philox(counter: (UInt32, UInt32, UInt32, UInt32), key: (UInt32, UInt32))
        -> (UInt32, UInt32, UInt32, UInt32) {
        let x = philox(SIMD8(repeating: counter.0), SIMD8(repeating: counter.1), SIMD8(repeating: counter.2),
                       SIMD8(repeating: counter.3), key: (SIMD8(repeating: key.0), SIMD8(repeating: key.1)))
        return (x.0[0], x.1[0], x.2[0], x.3[0])
    }

    /// Ten Philox rounds on eight counters. Multipliers and Weyl key increments are Random123's
    /// PHILOX_M4x32_0/1 and PHILOX_W32_0/1; the 32 x 32 -> 64-bit products are one vector multiply each.
    @inline(__always)
    static func philox(_ c0: SIMD8<UInt32>, _ c1: SIMD8<UInt32>, _ c2: SIMD8<UInt32>, _ c3: SIMD8<UInt32>,
                       key: (SIMD8<UInt32>, SIMD8<UInt32>))
        -> (SIMD8<UInt32>, SIMD8<UInt32>, SIMD8<UInt32>, SIMD8<UInt32>) {
        let m0 = SIMD8<UInt64>(repeating: 0xD251_1F53), m1 = SIMD8<UInt64>(repeating: 0xCD9E_8D57)
        var c = (c0, c1, c2, c3)
        var k = key
        for round in 0..<10 {
            if round > 0 {
                k.0 &+= 0x9E37_79B9
                k.1 &+= 0xBB67_AE85
            }
            let p0 = m0 &* SIMD8<UInt64>(truncatingIfNeeded: c.0), p1 = m1 &* SIMD8<UInt64>(truncatingIfNeeded: c.2)
            c = (SIMD8(truncatingIfNeeded: p1 &>> 32) ^ c.1 ^ k.0, SIMD8(truncatingIfNeeded: p1),
                 SIMD8(truncatingIfNeeded: p0 &>> 32) ^ c.3 ^ k.1, SIMD8(truncatingIfNeeded: p0))
        }
        return c
    }
}

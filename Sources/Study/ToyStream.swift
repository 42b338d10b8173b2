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
    /// Index of the next group of eight 128-bit Philox blocks within this toy's stream.
    private var group: UInt64 = 0
    /// The current group's sixteen words and how many of them are used.
    private var words = SIMD16<UInt64>()
    private var used = 16

    public init(seed: UInt64, toy: Int) {
        key = (UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
        self.toy = UInt64(toy)
    }

    public mutating func next() -> UInt64 {
        if used == 16 {
            words = groupWords()
            used = 0
        }
        used += 1
        return words[used - 1]
    }

    /// The same words as `count` calls of `next()`, whole groups stored straight from the vector rounds.
    public mutating func fill(_ out: UnsafeMutablePointer<UInt64>, count: Int) {
        var i = 0
        while i < count && used < 16 {
            out[i] = next()
            i += 1
        }
        while i + 16 <= count {
            UnsafeMutableRawPointer(out + i).storeBytes(of: groupWords(), as: SIMD16<UInt64>.self)
            i += 16
        }
        while i < count {
            out[i] = next()
            i += 1
        }
    }

    /// The next group: blocks 8g ... 8g + 7 with counter (block, toy) in 32-bit words; block 8g + j gives words
    /// j (x0 | x1 << 32) and 8 + j (x2 | x3 << 32), so the vector rounds store without shuffling lanes.
    private mutating func groupWords() -> SIMD16<UInt64> {
        let low = SIMD8<UInt64>(repeating: 0xFFFF_FFFF)
        let blocks = SIMD8<UInt64>(repeating: 8 &* group) &+ SIMD8<UInt64>(0, 1, 2, 3, 4, 5, 6, 7)
        group &+= 1
        let x = Self.philox(blocks & low, blocks &>> 32, SIMD8(repeating: toy & 0xFFFF_FFFF), SIMD8(repeating: toy >> 32),
                            key: (SIMD8(repeating: UInt64(key.0)), SIMD8(repeating: UInt64(key.1))))
        return SIMD16(lowHalf: x.0 | x.1 &<< 32, highHalf: x.2 | x.3 &<< 32)
    }

    /// Ten Philox rounds on one counter (lane 0 of the vector rounds, so both paths are one algorithm).
    public static func philox(counter: (UInt32, UInt32, UInt32, UInt32), key: (UInt32, UInt32))
        -> (UInt32, UInt32, UInt32, UInt32) {
        let x = philox(SIMD8(repeating: UInt64(counter.0)), SIMD8(repeating: UInt64(counter.1)),
                       SIMD8(repeating: UInt64(counter.2)), SIMD8(repeating: UInt64(counter.3)),
                       key: (SIMD8(repeating: UInt64(key.0)), SIMD8(repeating: UInt64(key.1))))
        return (UInt32(x.0[0]), UInt32(x.1[0]), UInt32(x.2[0]), UInt32(x.3[0]))
    }

    /// Ten Philox rounds on eight counters, each 32-bit word held in a 64-bit lane (so the 32 x 32 -> 64-bit
    /// products are one vector multiply and no lane is ever narrowed or widened). Multipliers and Weyl key
    /// increments are Random123's PHILOX_M4x32_0/1 and PHILOX_W32_0/1.
    @inline(__always)
    static func philox(_ c0: SIMD8<UInt64>, _ c1: SIMD8<UInt64>, _ c2: SIMD8<UInt64>, _ c3: SIMD8<UInt64>,
                       key: (SIMD8<UInt64>, SIMD8<UInt64>))
        -> (SIMD8<UInt64>, SIMD8<UInt64>, SIMD8<UInt64>, SIMD8<UInt64>) {
        let m0 = SIMD8<UInt64>(repeating: 0xD251_1F53), m1 = SIMD8<UInt64>(repeating: 0xCD9E_8D57)
        let low = SIMD8<UInt64>(repeating: 0xFFFF_FFFF)
        var c = (c0, c1, c2, c3)
        var k = key
        for round in 0..<10 {
            if round > 0 {
                k.0 = (k.0 &+ 0x9E37_79B9) & low
                k.1 = (k.1 &+ 0xBB67_AE85) & low
            }
            let p0 = m0 &* c.0, p1 = m1 &* c.2
            c = ((p1 &>> 32) ^ c.1 ^ k.0, p1 & low, (p0 &>> 32) ^ c.3 ^ k.1, p0 & low)
        }
        return c
    }
}

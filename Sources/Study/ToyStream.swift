/// The random numbers of one toy: Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3",
/// the Random123 generator), keyed by the study seed with the toy index in the counter.
///
/// Counter-based means toy i's numbers are a pure function of (seed, i): any rank, thread, shard or resumed run
/// reproduces toy i alone, without replaying toys 0..<i or sharing a generator.
public struct ToyStream: RandomNumberGenerator, Sendable {
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

    /// Ten Philox rounds. Multipliers and Weyl key increments are Random123's PHILOX_M4x32_0/1 and PHILOX_W32_0/1.
    public static func philox(counter: (UInt32, UInt32, UInt32, UInt32), key: (UInt32, UInt32))
        -> (UInt32, UInt32, UInt32, UInt32) {
        let m0: UInt64 = 0xD251_1F53, m1: UInt64 = 0xCD9E_8D57
        var c = counter
        var k = key
        for round in 0..<10 {
            if round > 0 {
                k.0 &+= 0x9E37_79B9
                k.1 &+= 0xBB67_AE85
            }
            let p0 = m0 &* UInt64(c.0), p1 = m1 &* UInt64(c.2)
            c = (UInt32(truncatingIfNeeded: p1 >> 32) ^ c.1 ^ k.0, UInt32(truncatingIfNeeded: p1),
                 UInt32(truncatingIfNeeded: p0 >> 32) ^ c.3 ^ k.1, UInt32(truncatingIfNeeded: p0))
        }
        return c
    }
}

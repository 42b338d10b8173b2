import Testing
@testable import Study

@Suite struct ToyStreamTests {
    /// Random123's known-answer vectors for philox4x32 with 10 rounds (kat_vectors).
    @Test(arguments: [
        ((UInt32(0), UInt32(0), UInt32(0), UInt32(0)), (UInt32(0), UInt32(0)),
         (UInt32(0x6627e8d5), UInt32(0xe169c58d), UInt32(0xbc57ac4c), UInt32(0x9b00dbd8))),
        ((UInt32.max, UInt32.max, UInt32.max, UInt32.max), (UInt32.max, UInt32.max),
         (UInt32(0x408f276d), UInt32(0x41c83b0e), UInt32(0xa20bc7c6), UInt32(0x6d5451fd))),
        ((UInt32(0x243f6a88), UInt32(0x85a308d3), UInt32(0x13198a2e), UInt32(0x03707344)), (UInt32(0xa4093822), UInt32(0x299f31d0)),
         (UInt32(0xd16cfe09), UInt32(0x94fdcceb), UInt32(0x5001e420), UInt32(0x24126ea1))),
    ])
    func philoxKnownAnswers(counter: (UInt32, UInt32, UInt32, UInt32), key: (UInt32, UInt32),
                            expected: (UInt32, UInt32, UInt32, UInt32)) {
        let out = ToyStream.philox(counter: counter, key: key)
        #expect([out.0, out.1, out.2, out.3] == [expected.0, expected.1, expected.2, expected.3])
    }

    @Test func toyStreamDependsOnlyOnSeedAndToy() {
        func draws(seed: UInt64, toy: Int) -> [UInt64] {
            var stream = ToyStream(seed: seed, toy: toy)
            return (0..<10).map { _ in stream.next() }
        }
        #expect(draws(seed: 1, toy: 7) == draws(seed: 1, toy: 7))
        #expect(draws(seed: 1, toy: 7) != draws(seed: 1, toy: 8))
        #expect(draws(seed: 1, toy: 7) != draws(seed: 2, toy: 7))
        #expect(Set(draws(seed: 1, toy: 0)).count == 10)
    }

    /// Uniform doubles from the stream: mean 1/2 and variance 1/12 within 5 standard errors over 10^5 draws.
    @Test func uniformMoments() {
        var stream = ToyStream(seed: 42, toy: 3)
        let n = 100_000
        var sum = 0.0, sumSquares = 0.0
        for _ in 0..<n {
            let u = Double(stream.next() >> 11) * 0x1p-53
            sum += u
            sumSquares += u * u
        }
        let mean = sum / Double(n), variance = sumSquares / Double(n) - mean * mean
        #expect(abs(mean - 0.5) < 5 * (1.0 / 12).squareRoot() / Double(n).squareRoot())
        // Var of u^2 is 4/45; the variance estimate's standard error is about sqrt(1/180 / n).
        #expect(abs(variance - 1.0 / 12) < 5 * (1.0 / 180 / Double(n)).squareRoot())
    }
}

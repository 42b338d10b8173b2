import Testing
import ToyMath

@Suite struct BlockKernelTests {
    static let counts = [0, 1, 7, 8, 9, 511, 512, 1000]

    /// Runs `kernel` over a buffer with a guard element behind it, and checks every element against the
    /// vector function and that the guard is untouched (the padded tail must not write past `count`).
    func check(
        _ kernel: (UnsafeMutablePointer<Double>, Int) -> Void,
        matches f: (SIMD8<Double>) -> SIMD8<Double>, on range: ClosedRange<Double>
    ) {
        var rng = SplitMix64(state: 5)
        for count in Self.counts {
            let input = (0..<count).map { _ in rng.uniform(range.lowerBound, range.upperBound) }
            var buffer = input + [-42.0]
            buffer.withUnsafeMutableBufferPointer { kernel($0.baseAddress!, count) }
            #expect(buffer[count] == -42, "count \(count): wrote past the end")
            for i in 0..<count {
                let expected = f(SIMD8(repeating: input[i]))[0]
                #expect(buffer[i].bitPattern == expected.bitPattern, "count \(count), element \(i)")
            }
        }
    }

    @Test func expInPlaceMatchesVectorExp() {
        check({ FastMath.expInPlace($0, count: $1) }, matches: FastMath.exp, on: -50...50)
    }

    @Test func logInPlaceMatchesVectorLog() {
        check({ FastMath.logInPlace($0, count: $1) }, matches: FastMath.log, on: 1e-10...1e10)
    }
}

import Testing
@testable import Study

@Suite struct ToyStreamFillTests {
    /// The vectorised fill gives exactly the words of successive next() calls, from any position in the stream
    /// (including half-way through a Philox block) and for counts that are not whole vector steps.
    @Test(arguments: [0, 1, 3])
    func fillEqualsNext(skipped: Int) {
        var one = ToyStream(seed: 0xDEAD_BEEF_0123, toy: 77), bulk = one
        for _ in 0..<skipped {
            _ = one.next()
            _ = bulk.next()
        }
        let expected = (0..<75).map { _ in one.next() }
        var words = [UInt64](repeating: 0, count: 75)
        words.withUnsafeMutableBufferPointer { bulk.fill($0.baseAddress!, count: 37) }
        words.withUnsafeMutableBufferPointer { bulk.fill($0.baseAddress! + 37, count: 38) }
        #expect(words == expected)
        #expect(bulk.next() == one.next())
    }
}

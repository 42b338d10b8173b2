import Testing
import ToyMath

@Suite struct CompensatedSumTests {
    /// 1e16, 1, -1e16 repeated: each 1 is below half an ulp of 1e16 and vanishes from a naive sum.
    static let illConditioned: [Double] = (0..<1001).flatMap { _ in [1e16, 1.0, -1e16] }

    @Test func beatsNaiveSummation() {
        var naive = 0.0
        var compensated = CompensatedSum()
        for x in Self.illConditioned {
            naive += x
            compensated.add(x)
        }
        #expect(naive != 1001)
        #expect(compensated.sum == 1001)
    }

    @Test func vectorAddEqualsLaneByLaneAdd() {
        var byVector = CompensatedSum()
        var byLane = CompensatedSum()
        let v = SIMD8<Double>(1e16, 1, -1e16, 3, 1e-3, -2.5, 1e300, -1e300)
        byVector.add(v)
        for i in 0..<8 { byLane.add(v[i]) }
        #expect(byVector.sum == byLane.sum)
        #expect(byVector.sum == 1.5 + 1e-3)  // the exact sum, rounded once
    }

    @Test func infinityIsNotLostToTheCompensation() {
        var s = CompensatedSum()
        s.add(1)
        s.add(.infinity)
        #expect(s.sum == .infinity)
        s.add(-.infinity)
        #expect(s.sum.isNaN)
    }

    @Test func blockSumIsExactOnIllConditionedData() {
        for count in [0, 3, 6, 9, 24, 3003] {  // whole triples, with and without a partial vector
            let data = Array(Self.illConditioned.prefix(count))
            let exact = Double(data.filter { $0 == 1 }.count)
            #expect(data.withUnsafeBufferPointer { CompensatedSum.sum($0.baseAddress!, count: count) } == exact,
                    "count \(count)")
        }
    }

    @Test func blockSumIsDeterministicAndOrderFixed() {
        var rng = SplitMix64(state: 6)
        let data = (0..<1000).map { _ in rng.uniform(-1, 1) * Double(1 << (rng.next() % 60)) }
        let first = data.withUnsafeBufferPointer { CompensatedSum.sum($0.baseAddress!, count: $0.count) }
        // Same data in a fresh buffer (another address, another alignment): same bits.
        let shifted = [0.0] + data
        let second = shifted.withUnsafeBufferPointer { CompensatedSum.sum($0.baseAddress! + 1, count: data.count) }
        #expect(first.bitPattern == second.bitPattern)
        // And as accurate as a compensated sequential sum.
        var sequential = CompensatedSum()
        for x in data { sequential.add(x) }
        #expect((first - sequential.sum).magnitude <= sequential.sum.magnitude.ulp)
    }
}

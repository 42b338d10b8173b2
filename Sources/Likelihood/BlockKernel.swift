import Foundation
import ToyMath

/// The per-block stages of the unbinned NLL: densities, then mixture with guarded log-sum (and 1/L), then (for the
/// gradient) the weight sums. Each stage is one small loop over the block, which is how SIMD code runs fastest here.
///
/// A partial row holds: [0] -sum log L (+ penalties); then per component k, at 1 + 9k: sum_i w_ik, and the eight
/// role sums sum_i w_ik d log g_k/d role.
final class BlockKernel: @unchecked Sendable {
    /// Densities that are not positive normal finite numbers are outside the likelihood's domain and count as
    /// this, plus a penalty.
    static let floor = Double.leastNormalMagnitude
    /// Penalty for an event whose mixture is NaN or infinite, where no slope can be given.
    static let nonFinitePenalty = 1e6

    static func partialWidth(components: Int) -> Int { 1 + 9 * components }

    private let point: ParameterPoint
    /// d penalty / d(-L) for an event with L <= floor: the inverse of the data's mean density on the range.
    private let penaltySlope: Double

    init(point: ParameterPoint, penaltySlope: Double) {
        self.point = point
        self.penaltySlope = penaltySlope
    }

    func evaluate(_ x: UnsafePointer<Double>, count n: Int, scratch: BlockScratch, into row: UnsafeMutablePointer<Double>,
                  gradient: Bool) {
        let m = paddedCount(n)
        let pdfs = point.pdfs
        for k in pdfs.indices { pdfs[k].fillDensity(x, into: scratch.density(k), count: m) }
        row[0] = combine(scratch, count: n, gradient: gradient)
        guard gradient else { return }
        for k in pdfs.indices {
            let f = scratch.density(k), r = scratch.inverse, w = scratch.weights
            var total = SIMD8<Double>()
            for i in stride(from: 0, to: m, by: 8) {
                let v = f.lanes(i) * r.lanes(i)
                w.storeLanes(v, at: i)
                total += v
            }
            var sums = SIMD8<Double>()
            pdfs[k].accumulateLogGradient(x, weights: w, count: m, into: &sums)
            row[1 + 9 * k] = total.sum()
            (row + 2 + 9 * k).storeLanes(sums, at: 0)
        }
    }

    /// The mixture L = sum_k nu_k f_k, -sum log L over the n real events, and for the gradient r = 1/L (0 on
    /// padding), in one vector pass without comparisons (SIMD comparisons feeding masks and pointwiseMin often
    /// compile to per-lane code here). L inside the domain is a positive normal finite number, whose biased
    /// exponent field e (with the sign bit above it) is 1...2046: the pass ORs e + 1 and e - 1 (wrapping) into
    /// `flags`, which stays below 2048 exactly when every L is inside; a block with any L outside is redone by
    /// `guardedCombine`.
    ///
    /// The sum of logs is taken as the log of a product, so the block needs eight logs instead of 512: each L
    /// is split into its binary exponent (summed exactly as an integer) and its mantissa in [1, 2) (multiplied
    /// per lane; 64 factors stay below 2^64). The product's relative rounding, <= 64 ulp, is an absolute
    /// error below 1e-14 per lane and block, below the rounding of a sum of 512 logs of this size.
    private func combine(_ scratch: BlockScratch, count n: Int, gradient: Bool) -> Double {
        let yields = scratch.yields, densities = scratch.density(0), inverse = scratch.inverse
        let components = point.componentCount, stride = EventBlocks.blockSize
        for k in 0..<components { yields[k] = point.yields[k] }
        var mantissas = SIMD8<Double>(repeating: 1), exponents = SIMD8<UInt64>()
        var flags = SIMD8<UInt64>()
        let mantissaBits = SIMD8<UInt64>(repeating: 0x000F_FFFF_FFFF_FFFF)
        let exponentOfOne = SIMD8<UInt64>(repeating: 0x3FF0_0000_0000_0000)
        let whole = n & ~7
        for i in Swift.stride(from: 0, to: whole, by: 8) {
            var l = SIMD8(repeating: yields[0]) * densities.lanes(i)
            for k in 1..<components {
                l = l.addingProduct(SIMD8(repeating: yields[k]), densities.lanes(k * stride + i))
            }
            let bits = unsafeBitCast(l, to: SIMD8<UInt64>.self)
            let exponent = bits &>> 52
            flags |= (exponent &+ 1) | (exponent &- 1)
            exponents &+= exponent
            mantissas *= unsafeBitCast((bits & mantissaBits) | exponentOfOne, to: SIMD8<Double>.self)
            if gradient { inverse.storeLanes(1 / l, at: i) }
        }
        var tail = 0.0, tailInside = true
        for j in whole..<n {
            let l = mixture(scratch, at: j)
            tailInside = tailInside && Self.isInside(l)
            tail += Foundation.log(l)
            inverse[j] = 1 / l
        }
        (inverse + n).update(repeating: 0, count: paddedCount(n) - n)
        guard flags.max() < 2048, tailInside else {
            return guardedCombine(scratch, count: n)
        }
        let exponentSum = Double(Int64(bitPattern: exponents.wrappedSum()) - 1023 * Int64(whole))
        return -(FastMath.log(mantissas).sum() + exponentSum * Self.ln2High + exponentSum * Self.ln2Low + tail)
    }

    private static func isInside(_ l: Double) -> Bool { l > 0 && l.isNormal }

    /// The event term where some L is outside the domain: -log(max(L, floor)) plus a penalty growing linearly
    /// with how far L is below the floor; r = 1/L inside, the penalty slope below, 0 where L is not finite.
    private func guardedCombine(_ scratch: BlockScratch, count n: Int) -> Double {
        var total = 0.0
        for i in 0..<n {
            let l = mixture(scratch, at: i)
            if Self.isInside(l) {
                total -= Foundation.log(l)
                scratch.inverse[i] = 1 / l
            } else {
                total -= Foundation.log(Self.floor)
                total += l.isFinite ? penaltySlope * (Self.floor - l) : Self.nonFinitePenalty
                scratch.inverse[i] = l.isFinite ? penaltySlope : 0
            }
        }
        return total
    }

    /// L at one event, summed in the same order as the vector pass.
    private func mixture(_ scratch: BlockScratch, at i: Int) -> Double {
        var l = scratch.yields[0] * scratch.density(0)[i]
        for k in 1..<point.componentCount { l = l.addingProduct(scratch.yields[k], scratch.density(k)[i]) }
        return l
    }

    /// ln 2 split so that an integer below 2^20 times the high part is exact.
    private static let ln2High = 0.693147180369123816490
    private static let ln2Low = 1.90821492927058770002e-10

    /// Turns the summed partial row into the gradient of the data term:
    /// d/d nu_k = 1 - sum_i w_ik; d/d role_j = -nu_k (S_kj - d log I_k/d role_j * sum_i w_ik).
    func assembleGradient(_ totals: UnsafePointer<Double>, into gradient: UnsafeMutablePointer<Double>) {
        for (k, component) in point.model.components.enumerated() {
            let weightSum = totals[1 + 9 * k]
            gradient[component.yieldIndex] += 1 - weightSum
            let logNorm = point.pdfs[k].logNormalisationGradient
            for (role, index) in component.shapeIndices.enumerated() {
                gradient[index] -= point.yields[k] * (totals[2 + 9 * k + role] - logNorm[role] * weightSum)
            }
        }
    }
}

import Foundation
import ToyMath

/// The per-block stages of the unbinned NLL: densities (or log form), then mixture with log-sum (and 1/L), the
/// guarded redo for blocks with a density outside the domain, then (for the gradient) the weight sums. Each stage
/// is one small loop over the block, which is how SIMD code runs fastest here.
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
    /// Every pdf is log-linear: see `fillRelativeToFirst`.
    private let logForm: Bool
    /// d penalty / d(-L) for an event with L <= floor: the inverse of the data's mean density on the range.
    private let penaltySlope: Double

    init(point: ParameterPoint, penaltySlope: Double) {
        self.point = point
        self.penaltySlope = penaltySlope
        logForm = point.pdfs.allSatisfy(\.isLogLinear)
    }

    /// How a block was evaluated, which decides where its weights f_k/L are read from.
    enum Form {
        /// Log form: density buffer k >= 1 holds f_k/f_0, buffer 0 log f_0, and `inverse` 1/S = f_0/L.
        case relative
        /// Density buffers hold f_k, `inverse` 1/L.
        case densities
        /// As `densities`, but some L is outside the domain: `inverse` holds the penalty's slope there.
        case guarded
    }

    @discardableResult
    func evaluate(_ x: UnsafePointer<Double>, count n: Int, scratch: BlockScratch, into row: UnsafeMutablePointer<Double>,
                  gradient: Bool) -> Form {
        let m = paddedCount(n)
        let pdfs = point.pdfs
        var relative = logForm, logOffset = 0.0
        if relative {
            logOffset = fillRelativeToFirst(x, count: n, scratch: scratch)
        } else {
            for k in pdfs.indices { pdfs[k].fillDensity(x, into: scratch.density(k), count: m) }
        }
        var form: Form = relative ? .relative : .densities
        if let logSum = combine(scratch, count: n, gradient: gradient, relative: relative) {
            row[0] = -(logSum + logOffset)
        } else {
            if relative { for k in pdfs.indices { pdfs[k].fillDensity(x, into: scratch.density(k), count: m) } }
            relative = false
            form = .guarded
            row[0] = guardedCombine(scratch, count: n)
        }
        guard gradient else { return form }
        let r = scratch.inverse
        for k in pdfs.indices {
            var sums = SIMD8<Double>()
            // e_0 = 1 in log form: the weights are r itself.
            var w = UnsafePointer(r)
            if relative && k == 0 {
                row[1 + 9 * k] = blockSum(r, count: m)
            } else {
                row[1 + 9 * k] = multiplyAndSum(scratch.density(k), r, into: scratch.weights, count: m)
                w = UnsafePointer(scratch.weights)
            }
            pdfs[k].accumulateLogGradient(x, weights: w, count: m, into: &sums)
            (row + 2 + 9 * k).storeLanes(sums, at: 0)
        }
        return form
    }

    /// Log form, for models of log-linear pdfs only: with z_k = log f_k, L = e^(z_0) S and S = nu_0 + sum_k nu_k
    /// e^(z_k - z_0), so log L = z_0 + log S costs one exp fewer per event than summing the densities. The
    /// density buffers get e_k = e^(z_k - z_0), k >= 1, and e_0 = 1 is implied (buffer 0 keeps z_0), so `combine`
    /// sums S and its weights e_k/S are exactly f_k/L; returns sum_i z_0(x_i) over the real events. A block whose S overflows or is not positive is redone
    /// from the densities by the caller.
    private func fillRelativeToFirst(_ x: UnsafePointer<Double>, count n: Int, scratch: BlockScratch) -> Double {
        let m = paddedCount(n), whole = n & ~7
        let pdfs = point.pdfs, reference = scratch.density(0)
        pdfs[0].fillLogDensity(x, into: reference, count: m)
        var total = blockSum(reference, count: whole)
        for i in whole..<n { total += reference[i] }
        for k in pdfs.indices.dropFirst() {
            let e = scratch.density(k)
            pdfs[k].fillLogDensity(x, into: e, count: m)
            // The difference inside the exp's pass: one pass over the block fewer than subtracting first.
            for i in stride(from: 0, to: m, by: 8) { e.storeLanes(FastMath.exp(e.lanes(i) - reference.lanes(i)), at: i) }
        }
        return total
    }

    /// The mixture L = sum_k nu_k f_k, sum log L over the n real events (nil if some L is outside the domain),
    /// and for the gradient r = 1/L (0 on padding), in one vector pass without comparisons (SIMD comparisons
    /// feeding masks, and pointwiseMin, compiled to per-lane code here). L inside the domain is a positive normal finite number, whose biased
    /// exponent field e (with the sign bit above it) is 1...2046: the pass ORs e + 1 and e - 1 (wrapping) into
    /// `flags`, which stays below 2048 exactly when every L is inside.
    ///
    /// The sum of logs is taken as the log of a product, so the block needs eight logs instead of 1024: each L
    /// is split into its binary exponent (summed exactly as an integer) and its mantissa in [1, 2) (multiplied
    /// per lane; 128 factors stay below 2^128, far inside the double range). The product's relative rounding,
    /// <= 128 ulp, is an absolute error below 3e-14 per lane and block, below the rounding of a sum of 1024 logs.
    private func combine(_ scratch: BlockScratch, count n: Int, gradient: Bool, relative: Bool) -> Double? {
        let inverse = scratch.inverse
        let whole = n & ~7
        let (source, offset, scale) = mix(scratch, into: inverse, count: whole, relative: relative)
        var mantissas0 = SIMD8<Double>(repeating: 1), mantissas1 = mantissas0
        var exponents0 = SIMD8<UInt64>(), exponents1 = exponents0, flags0 = exponents0, flags1 = exponents0
        let mantissaBits = SIMD8<UInt64>(repeating: 0x000F_FFFF_FFFF_FFFF)
        let exponentOfOne = SIMD8<UInt64>(repeating: 0x3FF0_0000_0000_0000), one = SIMD8<UInt64>(repeating: 1)
        // Two accumulators, so the multiply chain is not the bottleneck; no nested function (a captured
        // accumulator is kept in memory).
        var i = 0
        while i + 16 <= whole {
            let l0 = offset.addingProduct(scale, source.lanes(i)), l1 = offset.addingProduct(scale, source.lanes(i + 8))
            let bits0 = unsafeBitCast(l0, to: SIMD8<UInt64>.self), bits1 = unsafeBitCast(l1, to: SIMD8<UInt64>.self)
            let e0 = bits0 &>> 52, e1 = bits1 &>> 52
            flags0 |= (e0 &+ one) | (e0 &- one)
            flags1 |= (e1 &+ one) | (e1 &- one)
            exponents0 &+= e0
            exponents1 &+= e1
            mantissas0 *= unsafeBitCast((bits0 & mantissaBits) | exponentOfOne, to: SIMD8<Double>.self)
            mantissas1 *= unsafeBitCast((bits1 & mantissaBits) | exponentOfOne, to: SIMD8<Double>.self)
            if gradient {
                inverse.storeLanes(1 / l0, at: i)
                inverse.storeLanes(1 / l1, at: i + 8)
            }
            i += 16
        }
        if i < whole {
            let l = offset.addingProduct(scale, source.lanes(i))
            let bits = unsafeBitCast(l, to: SIMD8<UInt64>.self)
            let e = bits &>> 52
            flags0 |= (e &+ one) | (e &- one)
            exponents0 &+= e
            mantissas0 *= unsafeBitCast((bits & mantissaBits) | exponentOfOne, to: SIMD8<Double>.self)
            if gradient { inverse.storeLanes(1 / l, at: i) }
        }
        let flags = flags0 | flags1, exponents = exponents0 &+ exponents1
        let exponentSum = Double(Int64(bitPattern: exponents.wrappedSum()) - 1023 * Int64(whole))
        let logSum = FastMath.log(mantissas0 * mantissas1).sum()
            + exponentSum * Self.ln2High + exponentSum * Self.ln2Low
        var tail = 0.0, tailInside = true
        for j in whole..<n {
            let l = mixture(scratch, at: j, relative: relative)
            tailInside = tailInside && Self.isInside(l)
            tail += Foundation.log(l)
            inverse[j] = 1 / l
        }
        (inverse + n).update(repeating: 0, count: paddedCount(n) - n)
        guard flags.max() < 2048, tailInside else { return nil }
        return logSum + tail
    }

    static func isInside(_ l: Double) -> Bool { l > 0 && l.isNormal }

    /// The event term where some L is outside the domain: -log(max(L, floor)) plus a penalty growing linearly
    /// with how far L is below the floor; r = 1/L inside, the penalty slope below, 0 where L is not finite.
    private func guardedCombine(_ scratch: BlockScratch, count n: Int) -> Double {
        var total = 0.0
        for i in 0..<n {
            let l = mixture(scratch, at: i, relative: false)
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

    /// Prepares L = sum_k nu_k f_k over the first `count` events as offset + scale * source[i] (`relative`:
    /// S = nu_0 + sum_k nu_k e_k instead, see `fillRelativeToFirst`). With at most two components in log form
    /// that is nu_0 + nu_1 e_1 read straight from the density buffer; otherwise the sum is written to `out`.
    private func mix(_ scratch: BlockScratch, into out: UnsafeMutablePointer<Double>, count: Int, relative: Bool)
        -> (source: UnsafePointer<Double>, offset: SIMD8<Double>, scale: SIMD8<Double>) {
        let yields = scratch.yields, components = point.componentCount
        for k in 0..<components { yields[k] = point.yields[k] }
        let nu0 = SIMD8(repeating: yields[0]), zero = SIMD8<Double>()
        if relative && components <= 2 {
            let source = scratch.density(components - 1)
            return (UnsafePointer(source), nu0, components == 2 ? SIMD8(repeating: yields[1]) : zero)
        }
        let first = scratch.density(0)
        if relative {
            out.update(repeating: yields[0], count: count)
        } else {
            for i in stride(from: 0, to: count, by: 8) { out.storeLanes(nu0 * first.lanes(i), at: i) }
        }
        for k in 1..<components {
            let f = scratch.density(k), nu = SIMD8(repeating: yields[k])
            for i in stride(from: 0, to: count, by: 8) { out.storeLanes(out.lanes(i).addingProduct(nu, f.lanes(i)), at: i) }
        }
        return (UnsafePointer(out), zero, SIMD8(repeating: 1))
    }

    /// L (or S) at one event, summed in the same order as the vector pass.
    func mixture(_ scratch: BlockScratch, at i: Int, relative: Bool) -> Double {
        var l = scratch.yields[0] * (relative ? 1 : scratch.density(0)[i])
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

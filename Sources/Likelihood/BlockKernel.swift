import ToyMath

/// The per-block stages of the unbinned NLL: densities, mixture, guarded log, and (for the gradient) the weight
/// sums. Each stage is one small loop over the block, which is how SIMD code runs fastest here.
///
/// A partial row holds: [0] -sum log L (+ penalties); then per component k, at 1 + 9k: sum_i w_ik, and the eight
/// role sums sum_i w_ik d log g_k/d role.
final class BlockKernel: @unchecked Sendable {
    /// Densities at or below this, and non-finite ones, are outside the likelihood's domain.
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
        mix(scratch, count: m)
        row[0] = logTerm(scratch, count: n)
        guard gradient else { return }
        inverseMixture(scratch, count: n)
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

    /// L = sum_k nu_k f_k.
    private func mix(_ scratch: BlockScratch, count m: Int) {
        let yields = point.yields
        let mixture = scratch.mixture
        let first = scratch.density(0), nu0 = SIMD8(repeating: yields[0])
        for i in stride(from: 0, to: m, by: 8) { mixture.storeLanes(nu0 * first.lanes(i), at: i) }
        for k in yields.indices.dropFirst() {
            let f = scratch.density(k), nu = SIMD8(repeating: yields[k])
            for i in stride(from: 0, to: m, by: 8) {
                mixture.storeLanes(mixture.lanes(i).addingProduct(nu, f.lanes(i)), at: i)
            }
        }
    }

    /// -sum log L over the n real events, with L outside the domain replaced by `floor` plus the penalty.
    private func logTerm(_ scratch: BlockScratch, count n: Int) -> Double {
        let m = paddedCount(n)
        let mixture = scratch.mixture, logs = scratch.logs
        var anyOutside = SIMDMask<SIMD8<Int64>>(repeating: false)
        for i in stride(from: 0, to: m, by: 8) {
            let l = mixture.lanes(i)
            let outside = Self.outside(l)
            anyOutside .|= outside
            logs.storeLanes(l.replacing(with: Self.floor, where: outside), at: i)
        }
        FastMath.logInPlace(logs, count: m)
        (logs + n).update(repeating: 0, count: m - n)
        var total = SIMD8<Double>()
        for i in stride(from: 0, to: m, by: 8) { total += logs.lanes(i) }
        return -total.sum() + (any(anyOutside) ? penalty(mixture, count: n) : 0)
    }

    private static func outside(_ l: SIMD8<Double>) -> SIMDMask<SIMD8<Int64>> {
        .!(l .> SIMD8(repeating: floor)) .| (l .== SIMD8(repeating: .infinity))
    }

    /// The penalty beyond -log(floor): grows linearly with how far L is below the floor.
    private func penalty(_ mixture: UnsafeMutablePointer<Double>, count n: Int) -> Double {
        var total = 0.0
        for i in 0..<n where !(mixture[i] > Self.floor) || mixture[i] == .infinity {
            total += mixture[i].isFinite ? penaltySlope * (Self.floor - mixture[i]) : Self.nonFinitePenalty
        }
        return total
    }

    /// r = d(event term)/d(-L): 1/L inside the domain, the penalty slope below it, 0 where L is not finite; 0 on padding.
    private func inverseMixture(_ scratch: BlockScratch, count n: Int) {
        let m = paddedCount(n)
        let mixture = scratch.mixture, inverse = scratch.inverse
        let one = SIMD8<Double>(repeating: 1)
        for i in stride(from: 0, to: m, by: 8) {
            let l = mixture.lanes(i)
            let r = (one / l).replacing(with: penaltySlope, where: Self.outside(l))
            inverse.storeLanes(r.replacing(with: 0, where: (l .!= l) .| (l .== SIMD8(repeating: .infinity))), at: i)
        }
        (inverse + n).update(repeating: 0, count: m - n)
    }

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

/// The unbinned NLL's analytic Hessian, one more stage per block after the value-and-gradient kernel.
///
/// With w_ik = f_k(x_i)/L_i and a_ik = d log f_k/d theta_k = d log g_k - d log I_k, the data term's Hessian
/// sum_i [grad L_i grad L_i^T/L_i^2 - Hess L_i/L_i] needs per block, in the local coordinates of `ComponentLayout`
/// (per component: yield, roles), the rows U_i = (w_ik, w_ik d log g_k/d theta_kj) and
///   O = sum_i U_i U_i^T (all components together: the outer-product term), and per component
///   T_k = sum_i w_ik (d2 log g_k + d log g_k d log g_k^T) (the Hess L/L term; its d log I parts are constants).
/// grad L_i/L_i is a fixed linear map M of U_i (yield: w_ik; role j: nu_k (U_ikj - d log I_kj w_ik)), so the
/// outer term is M O M^T, formed once at the end. Per-block sums are stored by block and added in block order,
/// like the gradient's. An event whose L is outside the domain contributes the penalty's -slope Hess L (the
/// penalty is linear in L) and no outer product; one whose L is not finite contributes nothing.
final class BlockHessian: @unchecked Sendable {
    let layout: ComponentLayout
    private let point: ParameterPoint
    private let kernel: BlockKernel
    private let scratch: [Rows]
    let partials: BlockPartials

    /// One thread's rows: U and d log g, one block each per local coordinate, and the inside mask.
    final class Rows: @unchecked Sendable {
        let weighted: UnsafeMutablePointer<Double>
        let logGradient: UnsafeMutablePointer<Double>
        let mask: UnsafeMutablePointer<Double>
        private let storage: UnsafeMutablePointer<Double>

        init(dimension: Int) {
            let size = (2 * dimension + 1) * EventBlocks.blockSize
            storage = .allocate(capacity: size)
            storage.initialize(repeating: 0, count: size)
            weighted = storage
            logGradient = storage + dimension * EventBlocks.blockSize
            mask = storage + 2 * dimension * EventBlocks.blockSize
        }

        deinit { storage.deallocate() }

        func u(_ a: Int) -> UnsafeMutablePointer<Double> { weighted + a * EventBlocks.blockSize }
        func g(_ a: Int) -> UnsafeMutablePointer<Double> { logGradient + a * EventBlocks.blockSize }
    }

    init(point: ParameterPoint, kernel: BlockKernel, blocks: Int, threads: Int) {
        self.point = point
        self.kernel = kernel
        layout = ComponentLayout(model: point.model)
        let d = layout.dimension
        scratch = (0..<threads).map { _ in Rows(dimension: d) }
        partials = BlockPartials(blocks: blocks, width: d * d + 64 * point.componentCount)
    }

    /// The block's Hessian sums into `row` (O's upper triangle, then each T_k as an 8 x 8 role matrix), after
    /// `kernel.evaluate(..., gradient: true)` left the block's densities and inverse in `blockScratch`.
    func accumulate(_ x: UnsafePointer<Double>, count n: Int, form: BlockKernel.Form, blockScratch: BlockScratch,
                    thread: Int, into row: UnsafeMutablePointer<Double>) {
        let m = paddedCount(n), rows = scratch[thread], d = layout.dimension, r = blockScratch.inverse
        for (k, pdf) in point.pdfs.enumerated() {
            let base = layout.offsets[k], w = rows.u(base)
            if form == .relative && k == 0 {
                w.update(from: r, count: m)
            } else {
                let f = blockScratch.density(k)
                for i in stride(from: 0, to: m, by: 8) { w.storeLanes(f.lanes(i) * r.lanes(i), at: i) }
            }
            var curvature = RoleMatrix()
            pdf.accumulateLogHessian(x, weights: w, count: m, gradientRows: rows.g(base + 1),
                                     stride: EventBlocks.blockSize, into: &curvature)
            let roles = layout.roleCounts[k]
            for j in 0..<roles {
                let u = rows.u(base + 1 + j), g = rows.g(base + 1 + j)
                for i in stride(from: 0, to: m, by: 8) { u.storeLanes(w.lanes(i) * g.lanes(i), at: i) }
            }
            for j in 0..<roles {
                for l in 0...j {
                    let product = dotProduct(rows.u(base + 1 + j), rows.g(base + 1 + l), count: m)
                    curvature.setSymmetric(j, l, curvature[role: j, l] + product)
                }
            }
            (row + d * d + 64 * k).storeLanes64(curvature)
        }
        if form == .guarded { maskOutside(n, padded: m, rows: rows, blockScratch: blockScratch) }
        for a in 0..<d {
            for b in a..<d { row[a * d + b] = dotProduct(rows.u(a), rows.u(b), count: m) }
        }
    }

    /// Zeroes the U rows of events whose L is outside the domain (they have no outer-product term).
    private func maskOutside(_ n: Int, padded m: Int, rows: Rows, blockScratch: BlockScratch) {
        for i in 0..<m {
            rows.mask[i] = i < n && BlockKernel.isInside(kernel.mixture(blockScratch, at: i, relative: false)) ? 1 : 0
        }
        for a in 0..<layout.dimension {
            let u = rows.u(a)
            for i in stride(from: 0, to: m, by: 8) { u.storeLanes(u.lanes(i) * rows.mask.lanes(i), at: i) }
        }
    }

    /// Adds the data term's Hessian into the row-major parameter Hessian, from the block-ordered sums of the
    /// gradient partials (`gradientTotals`: sum_i w_ik at 1 + 9k, sum_i w_ik d log g_k/d theta_kj at 2 + 9k + j)
    /// and of this stage's partials.
    func assemble(gradientTotals: UnsafePointer<Double>, into hessian: UnsafeMutablePointer<Double>) {
        let d = layout.dimension, totals = partials.sumInBlockOrder(columns: partials.width)
        var map = [Double](repeating: 0, count: d * d)
        var outer = [Double](repeating: 0, count: d * d)
        for a in 0..<d {
            for b in a..<d {
                outer[a * d + b] = totals[a * d + b]
                outer[b * d + a] = totals[a * d + b]
            }
        }
        for (k, pdf) in point.pdfs.enumerated() {
            let base = layout.offsets[k], nu = point.yields[k], logNorm = pdf.logNormalisationGradient
            map[base * d + base] = 1
            for j in 0..<layout.roleCounts[k] {
                map[(base + 1 + j) * d + base + 1 + j] = nu
                map[(base + 1 + j) * d + base] = -nu * logNorm[j]
            }
        }
        var local = Self.congruence(map, outer, dimension: d)
        for (k, pdf) in point.pdfs.enumerated() {
            let base = layout.offsets[k], nu = point.yields[k], logNorm = pdf.logNormalisationGradient
            let logNormCurvature = pdf.logNormalisationHessian()
            let weightSum = gradientTotals[1 + 9 * k], sums = UnsafePointer(gradientTotals + 2 + 9 * k)
            let curvature = (totals + d * d + 64 * k).lanes64()
            for j in 0..<layout.roleCounts[k] {
                let yieldRole = sums[j] - logNorm[j] * weightSum
                local[base * d + base + 1 + j] -= yieldRole
                local[(base + 1 + j) * d + base] -= yieldRole
                for l in 0..<layout.roleCounts[k] {
                    let term = curvature[role: j, l] - logNorm[l] * sums[j] - logNorm[j] * sums[l]
                        + (logNorm[j] * logNorm[l] - logNormCurvature[role: j, l]) * weightSum
                    local[(base + 1 + j) * d + base + 1 + l] -= nu * term
                }
            }
        }
        layout.scatter(local, into: hessian, parameterCount: point.model.parameterCount)
    }

    /// M S M^T for square d x d row-major matrices.
    private static func congruence(_ m: [Double], _ s: [Double], dimension d: Int) -> [Double] {
        var ms = [Double](repeating: 0, count: d * d), out = ms
        for a in 0..<d {
            for c in 0..<d where m[a * d + c] != 0 {
                for b in 0..<d { ms[a * d + b] += m[a * d + c] * s[c * d + b] }
            }
        }
        for a in 0..<d {
            for b in 0..<d {
                for c in 0..<d { out[a * d + b] += ms[a * d + c] * m[b * d + c] }
            }
        }
        return out
    }
}

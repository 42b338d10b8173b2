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

    /// One thread's rows: U and d log g, one block each per local coordinate, and the inside mask; the dot
    /// products of them each block needs, as pairs with where their sums go.
    final class Rows: @unchecked Sendable {
        let weighted: UnsafeMutablePointer<Double>
        let logGradient: UnsafeMutablePointer<Double>
        let mask: UnsafeMutablePointer<Double>
        private let storage: UnsafeMutablePointer<Double>
        /// sum_i U_ij g_il of each component's roles j >= l, added into T_k at `curvatureEntries` (and mirrored).
        private(set) var curvaturePairs: [RowPair] = []
        private(set) var curvatureEntries: [(component: Int, j: Int, l: Int)] = []
        /// sum_i U_ia U_ib, a <= b, for O's upper triangle, at `outerEntries` of the partial row.
        private(set) var outerPairs: [RowPair] = []
        private(set) var outerEntries: [Int] = []
        /// The products' sums, one block's.
        let products: UnsafeMutablePointer<Double>

        init(layout: ComponentLayout) {
            let dimension = layout.dimension
            let size = (2 * dimension + 1) * EventBlocks.blockSize
            storage = .allocate(capacity: size)
            storage.initialize(repeating: 0, count: size)
            weighted = storage
            logGradient = storage + dimension * EventBlocks.blockSize
            mask = storage + 2 * dimension * EventBlocks.blockSize
            products = .allocate(capacity: max(dimension * dimension, 64 * layout.offsets.count, 64))
            for (k, base) in layout.offsets.enumerated() {
                for j in 0..<layout.roleCounts[k] {
                    for l in 0...j {
                        curvaturePairs.append((UnsafePointer(u(base + 1 + j)), UnsafePointer(g(base + 1 + l))))
                        curvatureEntries.append((k, j, l))
                    }
                }
            }
            for a in 0..<dimension {
                for b in a..<dimension {
                    outerPairs.append((UnsafePointer(u(a)), UnsafePointer(u(b))))
                    outerEntries.append(a * dimension + b)
                }
            }
        }

        deinit {
            storage.deallocate()
            products.deallocate()
        }

        func u(_ a: Int) -> UnsafeMutablePointer<Double> { weighted + a * EventBlocks.blockSize }
        func g(_ a: Int) -> UnsafeMutablePointer<Double> { logGradient + a * EventBlocks.blockSize }
    }

    init(point: ParameterPoint, kernel: BlockKernel, blocks: Int, threads: Int) {
        self.point = point
        self.kernel = kernel
        let layout = ComponentLayout(model: point.model), d = layout.dimension
        self.layout = layout
        scratch = (0..<threads).map { _ in Rows(layout: layout) }
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
            for j in 0..<layout.roleCounts[k] {
                let u = rows.u(base + 1 + j), g = rows.g(base + 1 + j)
                for i in stride(from: 0, to: m, by: 8) { u.storeLanes(w.lanes(i) * g.lanes(i), at: i) }
            }
            (row + d * d + 64 * k).storeLanes64(curvature)
        }
        dotProducts(rows.curvaturePairs, count: m, into: rows.products)
        for (p, (k, j, l)) in rows.curvatureEntries.enumerated() {
            let entry = row + d * d + 64 * k
            entry[8 * j + l] += rows.products[p]
            entry[8 * l + j] = entry[8 * j + l]
        }
        if form == .guarded { maskOutside(n, padded: m, rows: rows, blockScratch: blockScratch) }
        if d <= RowTiles.maximumRows {
            let width: Int
            if d <= RowProducts.maximumRows {
                width = RowProducts.maximumRows
                RowProducts(rows.weighted, count: d, stride: EventBlocks.blockSize).upperTriangle(count: m, into: rows.products)
            } else {
                width = RowTiles.maximumRows
                RowTiles.upperTriangle(rows.weighted, count: d, stride: EventBlocks.blockSize, events: m, into: rows.products)
            }
            for a in 0..<d {
                for b in a..<d { row[a * d + b] = rows.products[a * width + b] }
            }
        } else {
            dotProducts(rows.outerPairs, count: m, into: rows.products)
            for (p, entry) in rows.outerEntries.enumerated() { row[entry] = rows.products[p] }
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

/// A component's density over several observables: the product of 1-D pdfs, one per observable, each normalised
/// on its own range, so the product is normalised on the box. Its roles are the factors' roles one after the
/// other. log f = sum of the factors' log f_j, so the log-gradient and the normalisation's log-gradient are the
/// factors' side by side, and d2 log f is block-diagonal: each factor's kernels run on its own observable's
/// column of the block and write into their slice of the rows and role matrices.
final class ProductPDF: ComponentDensity {
    struct Part {
        let pdf: any NormalisedPDF
        let observable: Int
        /// Offset of the observable's column in a block.
        var column: Int { observable * EventBlocks.blockSize }
        let firstRole: Int
        let roleCount: Int
    }

    /// The factors, with their observables and where their roles sit among the product's; their pdfs hold the
    /// shape of the last `update` (the grid-binned NLL integrates them bin by bin).
    let parts: [Part]
    let positiveRoles: [Int]
    let isLogLinear: Bool
    private(set) var logNormalisationGradient = SIMD8<Double>()

    init(factors: [Factor], observables: [ObservableRange]) {
        var parts: [Part] = [], firstRole = 0
        for factor in factors {
            parts.append(Part(pdf: factor.pdf.makeNormalised(range: observables[factor.observable]),
                              observable: factor.observable, firstRole: firstRole, roleCount: factor.shapeIndices.count))
            firstRole += factor.shapeIndices.count
        }
        self.parts = parts
        positiveRoles = parts.flatMap { part in part.pdf.positiveRoles.map { $0 + part.firstRole } }
        isLogLinear = parts.allSatisfy(\.pdf.isLogLinear)
    }

    /// The slice of a product's shape values that is one factor's.
    private static func slice(_ shape: ShapeValues, _ part: Part) -> ShapeValues {
        var values = SIMD8<Double>()
        for role in 0..<part.roleCount { values[role] = shape[part.firstRole + role] }
        return ShapeValues(values: values, count: part.roleCount)
    }

    func update(shape: ShapeValues) -> Bool {
        var valid = true, gradient = SIMD8<Double>()
        for part in parts {
            valid = part.pdf.update(shape: Self.slice(shape, part)) && valid
            let factorGradient = part.pdf.logNormalisationGradient
            for role in 0..<part.roleCount { gradient[part.firstRole + role] = factorGradient[role] }
        }
        logNormalisationGradient = gradient
        return valid
    }

    /// The first factor writes `out`, every further one its own buffer, multiplied (or, in log form, added) in.
    private func combine(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int, logForm: Bool) {
        let first = parts[0]
        if logForm {
            first.pdf.fillLogDensity(x + first.column, into: out, count: count)
        } else {
            first.pdf.fillDensity(x + first.column, into: out, count: count)
        }
        guard parts.count > 1 else { return }
        withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { buffer in
            let factor = buffer.baseAddress!
            for part in parts.dropFirst() {
                if logForm {
                    part.pdf.fillLogDensity(x + part.column, into: factor, count: count)
                    for i in stride(from: 0, to: count, by: 8) { out.storeLanes(out.lanes(i) + factor.lanes(i), at: i) }
                } else {
                    part.pdf.fillDensity(x + part.column, into: factor, count: count)
                    for i in stride(from: 0, to: count, by: 8) { out.storeLanes(out.lanes(i) * factor.lanes(i), at: i) }
                }
            }
        }
    }

    func fillDensity(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int) {
        combine(x, into: out, count: count, logForm: false)
    }

    func fillLogDensity(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int) {
        combine(x, into: out, count: count, logForm: true)
    }

    func accumulateLogGradient(_ x: UnsafePointer<Double>, weights: UnsafePointer<Double>, count: Int,
                               into sums: inout SIMD8<Double>) {
        for part in parts where part.roleCount > 0 {
            var factorSums = SIMD8<Double>()
            part.pdf.accumulateLogGradient(x + part.column, weights: weights, count: count, into: &factorSums)
            for role in 0..<part.roleCount { sums[part.firstRole + role] += factorSums[role] }
        }
    }

    func accumulateLogHessian(_ x: UnsafePointer<Double>, weights: UnsafePointer<Double>, count: Int,
                              gradientRows: UnsafeMutablePointer<Double>, stride: Int, into hessian: inout RoleMatrix) {
        for part in parts where part.roleCount > 0 {
            var factorHessian = RoleMatrix()
            part.pdf.accumulateLogHessian(x + part.column, weights: weights, count: count,
                                          gradientRows: gradientRows + part.firstRole * stride, stride: stride,
                                          into: &factorHessian)
            Self.add(factorHessian, part, into: &hessian)
        }
    }

    func logNormalisationHessian() -> RoleMatrix {
        parts.reduce(into: RoleMatrix()) { Self.add($1.pdf.logNormalisationHessian(), $1, into: &$0) }
    }

    /// Adds a factor's role matrix into its diagonal block of the product's, entry by entry in memory: a
    /// SIMD64's element at a computed index is set by blending all of its 64 lanes, which made the placement a
    /// seventh of a 2-D Hessian pass.
    private static func add(_ matrix: RoleMatrix, _ part: Part, into hessian: inout RoleMatrix) {
        let n = part.roleCount, first = part.firstRole
        withUnsafeBytes(of: matrix) { source in
            withUnsafeMutableBytes(of: &hessian) { target in
                let from = source.assumingMemoryBound(to: Double.self), to = target.assumingMemoryBound(to: Double.self)
                for j in 0..<n {
                    for l in 0..<n { to[8 * (first + j) + first + l] += from[8 * j + l] }
                }
            }
        }
    }
}

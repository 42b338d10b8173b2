/// Extended unbinned NLL: sum_k nu_k - sum_i log(sum_k nu_k f_k(x_i)) (+ constraints). errordef 0.5.
///
/// One pass over the data gives the value and the gradient w.r.t. every parameter: per block, each pdf fills
/// its normalised density (or, when all are log-linear, its log-density relative to the first: one exp fewer),
/// the densities combine into L_i, then sum_i log L_i (value; see `BlockKernel`) and the weights
/// w_ik = f_k(x_i)/L_i, whose sums give d/d nu_k = 1 - sum_i w_ik and, with the pdf's d log g/d theta,
/// d/d theta = -nu_k sum_i w_ik (d log g/d theta - d log I/d theta). Per-block partial sums are stored by block
/// and added in block order, so results are bitwise identical for any thread count.
///
/// Events outside the model range are dropped (a pdf is zero there). With several observables the data come as
/// one column per observable and each component's density is a product (`ProductPDF`); nothing else changes. Where L_i is not positive (a negative
/// Chebyshev, a non-positive yield sum) the event counts as -log(tiny) plus a penalty growing with -L_i, so the
/// value stays finite and its gradient points back to positive densities.
public final class UnbinnedNLL: NegativeLogLikelihood, @unchecked Sendable {
    public let parameterCount: Int
    let events: EventBlocks
    private let point: ParameterPoint
    private let pool: WorkerPool?
    private let kernel: BlockKernel
    private let scratch: [BlockScratch]
    private let partials: BlockPartials
    /// The Hessian stage and its per-block sums, made on the first Hessian call (under the point's lock).
    private var hessianStage: BlockHessian?

    public convenience init(model: Model, data: [Double], pool: WorkerPool? = nil) {
        self.init(model: model, columns: [data], pool: pool)
    }

    /// `columns[c]`: observable c's values, one per event.
    public init(model: Model, columns: [[Double]], pool: WorkerPool? = nil) {
        precondition(columns.count == model.observables.count && columns.allSatisfy { $0.count == columns[0].count },
                     "UnbinnedNLL: needs one column of equal length per observable")
        parameterCount = model.parameterCount
        events = EventBlocks(columns: columns, ranges: model.observables)
        point = ParameterPoint(model: model)
        self.pool = pool
        let components = model.components.count
        let volume = model.observables.reduce(1) { $0 * $1.width }
        kernel = BlockKernel(point: point, penaltySlope: volume / Double(max(events.count, 1)))
        scratch = (0..<(pool?.threadCount ?? 1)).map { _ in BlockScratch(components: components) }
        partials = BlockPartials(blocks: events.blockCount, width: BlockKernel.partialWidth(components: components))
    }

    public func value(_ parameters: [Double]) -> Double {
        point.evaluate(parameters, gradientInto: nil) { _, _ in dataTerm(gradient: nil) }
    }

    public func valueAndGradient(_ parameters: [Double], gradient: inout [Double]) -> Double {
        point.evaluate(parameters, gradient: &gradient) { _, g in dataTerm(gradient: g) }
    }

    public func isInDomain(_ parameters: [Double]) -> Bool { point.isInDomain(parameters) }

    /// See `BlockHessian`; about three times the cost of `valueAndGradient`.
    public func valueGradientAndHessian(_ parameters: [Double], gradient: inout [Double], hessian: inout [Double]) -> Double {
        point.evaluate(parameters, gradient: &gradient, hessian: &hessian) { _, g, h in dataTerm(gradient: g, hessian: h) }
    }

    /// The data term at the point the pdfs were just updated to; gradient (and Hessian) added into `gradient`
    /// (`hessian`) if given.
    private func dataTerm(gradient: UnsafeMutablePointer<Double>?, hessian: UnsafeMutablePointer<Double>? = nil) -> Double {
        let withGradient = gradient != nil
        let stage = hessian == nil ? nil : madeHessianStage()
        if let pool {
            pool.run { evaluate(chunk: $0, of: pool.threadCount, gradient: withGradient, hessian: stage) }
        } else {
            evaluate(chunk: 0, of: 1, gradient: withGradient, hessian: stage)
        }
        let totals = partials.sumInBlockOrder(columns: withGradient ? partials.width : 1)
        if let gradient { kernel.assembleGradient(totals, into: gradient) }
        if let stage, let hessian { stage.assemble(gradientTotals: totals, into: hessian) }
        return point.yields.reduce(0, +) + totals[0]
    }

    private func evaluate(chunk: Int, of chunks: Int, gradient: Bool, hessian: BlockHessian?) {
        for b in events.blocks(ofChunk: chunk, of: chunks) {
            let (x, n) = events.block(b)
            let form = kernel.evaluate(x, count: n, scratch: scratch[chunk], into: partials.row(b), gradient: gradient)
            if let hessian {
                hessian.accumulate(x, count: n, form: form, blockScratch: scratch[chunk], thread: chunk,
                                   into: hessian.partials.row(b))
            }
        }
    }

    private func madeHessianStage() -> BlockHessian {
        if let hessianStage { return hessianStage }
        let stage = BlockHessian(point: point, kernel: kernel, blocks: events.blockCount, threads: scratch.count)
        hessianStage = stage
        return stage
    }
}

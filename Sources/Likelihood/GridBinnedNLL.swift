import Foundation

/// `BinnedNLL`'s extended binned Poisson NLL on a grid over a model's several observables, `bins` equal bins per
/// observable: cell c's expectation is mu_c = sum_k nu_k prod_f P_kf(bin of c on f's observable). Every component
/// of such a model is a product of 1-D factors, one per observable (`ProductPDF`), so its cell probability is the
/// product of its factors' bin probabilities (closed-form integrals) and its derivatives follow by the product
/// rule. It fits the Asimov datasets of models with several observables (counts need not be whole numbers) and
/// their binned fits (`fit.bins`). A call costs bins x factors integrals and cells x components products,
/// whatever the events.
public final class GridBinnedNLL: NegativeLogLikelihood, @unchecked Sendable {
    public let parameterCount: Int
    /// counts[c] for cell c = sum_j b_j bins^(D-1-j), b_j its bin on observable j (the first observable slowest).
    let counts: [Double]
    let bins: Int
    private let edges: [[Double]]
    private let saturated: Double
    private let penaltySlope: Double
    private let point: ParameterPoint
    private let layout: ComponentLayout

    /// One factor of one component: its observable and where its roles sit in the local coordinates. Its index in
    /// `factors` is its row of the tables.
    private struct FactorPlan {
        let pdf: any NormalisedPDF
        let observable: Int
        /// Local coordinate of its first role.
        let firstCoordinate: Int
        let roleCount: Int
    }

    /// Per component, its local yield coordinate and its factors (a range of `factors`).
    private let components: [(base: Int, factors: Range<Int>)]
    private let factors: [FactorPlan]
    /// Per factor (row), per bin: the probability of the current shape, its role gradient and (in a Hessian pass)
    /// its role Hessian; filled at the start of every call, under the parameter point's lock.
    private let values: UnsafeMutablePointer<Double>
    private let gradients: UnsafeMutablePointer<SIMD8<Double>>
    private let hessians: UnsafeMutablePointer<RoleMatrix>
    /// Per-cell scratch: each factor's probability, and in local coordinates dP (yield: P_k, role: dP_k) and
    /// grad mu; the call's local Hessian.
    private let cellValues: UnsafeMutablePointer<Double>
    private let dP: UnsafeMutablePointer<Double>
    private let dMu: UnsafeMutablePointer<Double>
    private let local: UnsafeMutablePointer<Double>

    /// A binned fit of events, one column per observable, counted in the cells; events outside a range are left
    /// out, an event on a range's upper end belongs to the last bin.
    public convenience init(model: Model, columns: [[Double]], bins: Int) {
        var counts = [Double](repeating: 0, count: Int(pow(Double(bins), Double(model.observables.count))))
        events: for i in columns[0].indices {
            var cell = 0
            for (j, range) in model.observables.enumerated() {
                let x = columns[j][i]
                guard range.contains(x) else { continue events }
                cell = cell * bins + min(bins - 1, Int((x - range.lower) / range.width * Double(bins)))
            }
            counts[cell] += 1
        }
        self.init(model: model, counts: counts, bins: bins)
    }

    /// `counts`: bins^D cells in the order above. The model must have at least two observables.
    public init(model: Model, counts: [Double], bins: Int) {
        let dimensions = model.observables.count
        precondition(dimensions > 1 && bins > 0, "GridBinnedNLL: needs several observables and bins > 0")
        precondition(counts.count == Int(pow(Double(bins), Double(dimensions))), "GridBinnedNLL: needs bins^observables counts")
        parameterCount = model.parameterCount
        self.counts = counts
        self.bins = bins
        edges = model.observables.map { range in (0...bins).map { range.lower + range.width * Double($0) / Double(bins) } }
        saturated = BinnedNLL.saturated(counts)
        penaltySlope = Double(counts.count) / max(counts.reduce(0, +), 1)
        point = ParameterPoint(model: model)
        layout = ComponentLayout(model: model)
        var components: [(base: Int, factors: Range<Int>)] = [], factors: [FactorPlan] = []
        for (k, pdf) in point.pdfs.enumerated() {
            guard let product = pdf as? ProductPDF else { preconditionFailure("GridBinnedNLL: a component is not a product") }
            let base = layout.offsets[k], first = factors.count
            for part in product.parts {
                factors.append(FactorPlan(pdf: part.pdf, observable: part.observable, firstCoordinate: base + 1 + part.firstRole,
                                          roleCount: part.roleCount))
            }
            components.append((base, first..<factors.count))
        }
        self.components = components
        self.factors = factors
        let rows = factors.count * bins, d = layout.dimension
        values = .allocate(capacity: rows)
        gradients = .allocate(capacity: rows)
        hessians = .allocate(capacity: rows)
        values.initialize(repeating: 0, count: rows)
        gradients.initialize(repeating: SIMD8(), count: rows)
        hessians.initialize(repeating: RoleMatrix(), count: rows)
        cellValues = .allocate(capacity: factors.count)
        cellValues.initialize(repeating: 0, count: factors.count)
        dP = .allocate(capacity: d)
        dP.initialize(repeating: 0, count: d)
        dMu = .allocate(capacity: d)
        dMu.initialize(repeating: 0, count: d)
        local = .allocate(capacity: d * d)
        local.initialize(repeating: 0, count: d * d)
    }

    deinit {
        for pointer in [values, cellValues, dP, dMu, local] { pointer.deallocate() }
        gradients.deallocate()
        hessians.deallocate()
    }

    public func value(_ parameters: [Double]) -> Double {
        point.evaluate(parameters, gradientInto: nil) { _, _ in dataTerm(gradient: nil, hessian: nil) }
    }

    public func valueAndGradient(_ parameters: [Double], gradient: inout [Double]) -> Double {
        point.evaluate(parameters, gradient: &gradient) { _, g in dataTerm(gradient: g, hessian: nil) }
    }

    public func valueGradientAndHessian(_ parameters: [Double], gradient: inout [Double], hessian: inout [Double]) -> Double {
        point.evaluate(parameters, gradient: &gradient, hessian: &hessian) { _, g, h in dataTerm(gradient: g, hessian: h) }
    }

    public func isInDomain(_ parameters: [Double]) -> Bool { point.isInDomain(parameters) }

    /// Every factor's bin probabilities (with derivatives when asked) at the shape the point holds.
    private func integrateFactors(derivatives: Bool, hessian: Bool) {
        for (f, factor) in factors.enumerated() {
            let e = edges[factor.observable], row = f * bins
            let logNormalisation = hessian ? factor.pdf.logNormalisationHessian() : RoleMatrix()
            for b in 0..<bins {
                if hessian {
                    (values[row + b], gradients[row + b], hessians[row + b])
                        = factor.pdf.probabilityHessian(from: e[b], to: e[b + 1], logNormalisationHessian: logNormalisation)
                } else {
                    (values[row + b], gradients[row + b]) = factor.pdf.probability(from: e[b], to: e[b + 1])
                }
            }
        }
    }

    /// Runs under the parameter point's lock, which also guards the tables and the scratch.
    private func dataTerm(gradient: UnsafeMutablePointer<Double>?, hessian: UnsafeMutablePointer<Double>?) -> Double {
        integrateFactors(derivatives: gradient != nil, hessian: hessian != nil)
        let d = layout.dimension, yields = point.yields, dimensions = edges.count
        if hessian != nil { local.update(repeating: 0, count: d * d) }
        var cell = [Int](repeating: 0, count: dimensions)
        var total = saturated
        components.withUnsafeBufferPointer { components in
            factors.withUnsafeBufferPointer { factors in
                counts.withUnsafeBufferPointer { counts in
                    cell.withUnsafeMutableBufferPointer { cell in
                        for n in counts {
                            var mu = 0.0
                            for (k, component) in components.enumerated() {
                                var p = 1.0
                                for f in component.factors {
                                    cellValues[f] = values[f * bins + cell[factors[f].observable]]
                                    p *= cellValues[f]
                                }
                                dP[component.base] = p
                                mu += yields[k] * p
                            }
                            let (term, slope) = BinnedNLL.binTerm(expected: mu, observed: n, penaltySlope: penaltySlope)
                            total += term
                            if let gradient {
                                cellGradient(components, factors, cell: cell, yields: yields)
                                for a in 0..<d { gradient[layout.parameterIndices[a]] += slope * dMu[a] }
                            }
                            if hessian != nil {
                                addCurvature(components, factors, cell: cell, yields: yields, slope: slope,
                                             curvature: BinnedNLL.binCurvature(expected: mu, observed: n))
                            }
                            // The next cell: the last observable's bin fastest.
                            var j = dimensions - 1
                            while j >= 0 {
                                cell[j] += 1
                                if cell[j] < bins { break }
                                cell[j] = 0
                                j -= 1
                            }
                        }
                    }
                }
            }
        }
        if let hessian {
            for a in 0..<d { for b in 0..<a { local[a * d + b] = local[b * d + a] } }
            layout.scatter(Array(UnsafeBufferPointer(start: local, count: d * d)), into: hessian, parameterCount: parameterCount)
        }
        return total
    }

    /// The product of component `component`'s factors at the cell other than factors `f` and `g` (the same
    /// index for one).
    @inline(__always)
    private func otherFactors(_ component: (base: Int, factors: Range<Int>), leaving f: Int, and g: Int) -> Double {
        var p = 1.0
        for h in component.factors where h != f && h != g { p *= cellValues[h] }
        return p
    }

    /// dP and grad mu in local coordinates at the cell: yield P_k, role nu_k dP_k/d theta by the product rule.
    private func cellGradient(_ components: UnsafeBufferPointer<(base: Int, factors: Range<Int>)>,
                              _ factors: UnsafeBufferPointer<FactorPlan>, cell: UnsafeMutableBufferPointer<Int>, yields: [Double]) {
        for (k, component) in components.enumerated() {
            dMu[component.base] = dP[component.base]
            for f in component.factors {
                let factor = factors[f], others = otherFactors(component, leaving: f, and: f)
                let g = gradients[f * bins + cell[factor.observable]]
                for r in 0..<factor.roleCount {
                    dP[factor.firstCoordinate + r] = g[r] * others
                    dMu[factor.firstCoordinate + r] = yields[k] * g[r] * others
                }
            }
        }
    }

    /// One cell's slope d2 mu + curvature grad mu grad mu^T, into the upper triangle of `local`: d2 mu / d nu_k
    /// d theta = dP_k/d theta, and d2 mu / d theta d theta' = nu_k d2 P_k, from one factor's second derivatives
    /// or two factors' first ones.
    private func addCurvature(_ components: UnsafeBufferPointer<(base: Int, factors: Range<Int>)>,
                              _ factors: UnsafeBufferPointer<FactorPlan>, cell: UnsafeMutableBufferPointer<Int>,
                              yields: [Double], slope: Double, curvature: Double) {
        let d = layout.dimension
        for (k, component) in components.enumerated() {
            let base = component.base, nu = yields[k]
            for f in component.factors where factors[f].roleCount > 0 {
                let factor = factors[f], binF = f * bins + cell[factor.observable]
                for r in 0..<factor.roleCount {
                    let a = factor.firstCoordinate + r
                    local[base * d + a] += slope * dP[a]
                }
                for g in component.factors where g >= f && factors[g].roleCount > 0 {
                    let other = factors[g], binG = g * bins + cell[other.observable]
                    let scale = slope * nu * otherFactors(component, leaving: f, and: g)
                    for r in 0..<factor.roleCount {
                        let a = factor.firstCoordinate + r
                        for s in 0..<other.roleCount where g > f || s >= r {
                            let second = g == f ? hessians[binF][role: r, s] : gradients[binF][r] * gradients[binG][s]
                            local[a * d + other.firstCoordinate + s] += scale * second
                        }
                    }
                }
            }
        }
        guard curvature != 0 else { return }
        for a in 0..<d where dMu[a] != 0 {
            let scaled = curvature * dMu[a]
            for b in a..<d { local[a * d + b] += scaled * dMu[b] }
        }
    }
}

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
    private let products: [ProductPDF]
    private let layout: ComponentLayout
    /// Per component, per factor: the bin probabilities of the current shape, their gradients and (in a Hessian
    /// pass) their second derivatives, over the factor's roles.
    private var probabilities: [[[Double]]] = []
    private var gradients: [[[SIMD8<Double>]]] = []
    private var hessians: [[[RoleMatrix]]] = []

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
        products = point.pdfs.map { pdf in
            guard let product = pdf as? ProductPDF else { preconditionFailure("GridBinnedNLL: a component is not a product") }
            return product
        }
        layout = ComponentLayout(model: model)
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
        probabilities = products.map { product in product.parts.map { _ in [] } }
        gradients = probabilities.map { $0.map { _ in [] } }
        hessians = probabilities.map { $0.map { _ in [] } }
        for (k, product) in products.enumerated() {
            for (f, part) in product.parts.enumerated() {
                let e = edges[part.observable]
                let logNormalisation = hessian ? part.pdf.logNormalisationHessian() : RoleMatrix()
                for b in 0..<bins {
                    if hessian {
                        let (value, gradient, curvature) = part.pdf.probabilityHessian(from: e[b], to: e[b + 1],
                                                                                       logNormalisationHessian: logNormalisation)
                        probabilities[k][f].append(value)
                        gradients[k][f].append(gradient)
                        hessians[k][f].append(curvature)
                    } else {
                        let (value, gradient) = part.pdf.probability(from: e[b], to: e[b + 1])
                        probabilities[k][f].append(value)
                        if derivatives { gradients[k][f].append(gradient) }
                    }
                }
            }
        }
    }

    /// Runs under the parameter point's lock, which also guards the factor tables.
    private func dataTerm(gradient: UnsafeMutablePointer<Double>?, hessian: UnsafeMutablePointer<Double>?) -> Double {
        integrateFactors(derivatives: gradient != nil, hessian: hessian != nil)
        let d = layout.dimension, yields = point.yields, components = point.model.components
        let dimensions = edges.count
        var cell = [Int](repeating: 0, count: dimensions)
        // Per cell: P_k, and in local coordinates dP (the yield's entry P_k, a role's dP_k/d theta) and grad mu.
        var dP = [Double](repeating: 0, count: d), dMu = dP
        var local = [Double](repeating: 0, count: hessian == nil ? 0 : d * d)
        var total = saturated
        for n in counts {
            var mu = 0.0
            for (k, product) in products.enumerated() {
                var p = 1.0
                for (f, part) in product.parts.enumerated() { p *= probabilities[k][f][cell[part.observable]] }
                dP[layout.offsets[k]] = p
                mu += yields[k] * p
            }
            let (term, slope) = BinnedNLL.binTerm(expected: mu, observed: n, penaltySlope: penaltySlope)
            total += term
            if let gradient {
                for (k, product) in products.enumerated() {
                    let base = layout.offsets[k]
                    dMu[base] = dP[base]
                    for (f, part) in product.parts.enumerated() {
                        let others = otherFactors(k, product, leaving: f, and: f, cell: cell)
                        let g = gradients[k][f][cell[part.observable]]
                        for r in 0..<part.roleCount {
                            dP[base + 1 + part.firstRole + r] = g[r] * others
                            dMu[base + 1 + part.firstRole + r] = yields[k] * g[r] * others
                        }
                    }
                    gradient[components[k].yieldIndex] += slope * dMu[base]
                    for (role, index) in components[k].shapeIndices.enumerated() { gradient[index] += slope * dMu[base + 1 + role] }
                }
            }
            if hessian != nil {
                addCurvature(slope: slope, curvature: BinnedNLL.binCurvature(expected: mu, observed: n), dP: dP, dMu: dMu,
                             cell: cell, into: &local)
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
        if let hessian {
            for a in 0..<d { for b in 0..<a { local[a * d + b] = local[b * d + a] } }
            layout.scatter(local, into: hessian, parameterCount: parameterCount)
        }
        return total
    }

    /// The product of component k's factors at `cell` other than factors `f` and `g` (the same index for one).
    private func otherFactors(_ k: Int, _ product: ProductPDF, leaving f: Int, and g: Int, cell: [Int]) -> Double {
        var p = 1.0
        for (h, part) in product.parts.enumerated() where h != f && h != g { p *= probabilities[k][h][cell[part.observable]] }
        return p
    }

    /// One cell's slope d2 mu + curvature grad mu grad mu^T, into the upper triangle of `local`: d2 mu / d nu_k
    /// d theta = dP_k/d theta, and d2 mu / d theta d theta' = nu_k d2 P_k, from one factor's second derivatives
    /// or two factors' first ones.
    private func addCurvature(slope: Double, curvature: Double, dP: [Double], dMu: [Double], cell: [Int],
                              into local: inout [Double]) {
        let d = layout.dimension
        for (k, product) in products.enumerated() {
            let base = layout.offsets[k], nu = point.yields[k]
            for (f, part) in product.parts.enumerated() where part.roleCount > 0 {
                for r in 0..<part.roleCount {
                    let a = base + 1 + part.firstRole + r
                    local[base * d + a] += slope * dP[a]
                }
                for (g, other) in product.parts.enumerated() where g >= f && other.roleCount > 0 {
                    let others = otherFactors(k, product, leaving: f, and: g, cell: cell)
                    let first = gradients[k][f][cell[part.observable]], second = gradients[k][g][cell[other.observable]]
                    let together = hessians[k][f][cell[part.observable]]
                    for r in 0..<part.roleCount {
                        let a = base + 1 + part.firstRole + r
                        for s in 0..<other.roleCount where g > f || s >= r {
                            let b = base + 1 + other.firstRole + s
                            let second2 = g == f ? together[role: r, s] : first[r] * second[s]
                            local[a * d + b] += slope * nu * second2 * others
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

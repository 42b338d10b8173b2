extension Model {
    /// The Asimov dataset of this model at `parameters` as a histogram of `bins` equal bins on every observable's
    /// range: every bin (a cell of the grid, ordered as `GridBinnedNLL` orders them, when there are several
    /// observables) holds its expected count sum_k nu_k P_k(bin), from the pdfs' analytic integrals (a product of
    /// the factors' bin probabilities). A fit of it (`BinnedNLL(model:counts:)` or `GridBinnedNLL`) returns
    /// `parameters`, which is what the asymptotic formulas need (Cowan, Cranmer, Gross, Vitells 2011); with bins
    /// narrower than the pdfs' structure it stands in for the unbinned fit. nil when a component's shape is
    /// outside its pdf's domain.
    public func asimovCounts(parameters: [Double], bins: Int) -> [Double]? {
        precondition(bins > 0, "asimovCounts: needs bins > 0 (got \(bins))")
        let edges = observables.map { range in (0...bins).map { range.lower + range.width * Double($0) / Double(bins) } }
        var cells = 1
        for _ in observables { cells *= bins }
        var counts = [Double](repeating: 0, count: cells)
        for (component, factors) in zip(components, factorPDFs(at: parameters)) {
            guard factors.allSatisfy({ $0 != nil }) else { return nil }
            let yield = max(parameters[component.yieldIndex], 0)
            if observables.count == 1 {
                let pdf = factors[0]!
                for b in 0..<bins { counts[b] += yield * pdf.probability(from: edges[0][b], to: edges[0][b + 1]).value }
                continue
            }
            // Per factor, its bin probabilities on its observable; a cell's is their product.
            let probabilities = zip(component.factors, factors).map { factor, pdf in
                (observable: factor.observable,
                 values: (0..<bins).map { pdf!.probability(from: edges[factor.observable][$0], to: edges[factor.observable][$0 + 1]).value })
            }
            for c in 0..<cells {
                var p = yield, rest = c
                for j in observables.indices.reversed() {
                    let bin = rest % bins
                    rest /= bins
                    for factor in probabilities where factor.observable == j { p *= factor.values[bin] }
                }
                counts[c] += p
            }
        }
        return counts
    }
}

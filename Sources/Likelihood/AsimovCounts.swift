extension Model {
    /// The Asimov dataset of this model at `parameters` as a histogram of `bins` equal bins on the range: every
    /// bin holds its expected count sum_k nu_k P_k(bin), from the pdfs' analytic integrals. A fit of it
    /// (`BinnedNLL(model:counts:)`) returns `parameters`, which is what the asymptotic formulas need (Cowan,
    /// Cranmer, Gross, Vitells 2011); with bins narrower than the pdfs' structure it stands in for the unbinned
    /// fit. nil when a component's shape is outside its pdf's domain.
    public func asimovCounts(parameters: [Double], bins: Int) -> [Double]? {
        precondition(bins > 0 && observables.count == 1, "asimovCounts: needs bins > 0 (got \(bins)) and one observable")
        let edges = (0...bins).map { range.lower + range.width * Double($0) / Double(bins) }
        var counts = [Double](repeating: 0, count: bins)
        for (component, factors) in zip(components, factorPDFs(at: parameters)) {
            guard let pdf = factors[0] else { return nil }
            let yield = max(parameters[component.yieldIndex], 0)
            for b in 0..<bins { counts[b] += yield * pdf.probability(from: edges[b], to: edges[b + 1]).value }
        }
        return counts
    }
}

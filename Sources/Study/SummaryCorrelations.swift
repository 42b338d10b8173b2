extension StudySummary {
    /// Sums for the correlation matrix of the fitted values of the free parameters over the valid toys whose
    /// values are all finite: the means in the first pass, the cross products of deviations in the second.
    struct CorrelationSums {
        let indices: [Int]
        var count = 0
        var sums: [Double]
        var products: [Double]

        init(indices: [Int]) {
            self.indices = indices
            sums = Array(repeating: 0, count: indices.count)
            products = Array(repeating: 0, count: indices.count * indices.count)
        }

        private func usable(_ values: [Double]) -> Bool { indices.allSatisfy { values[$0].isFinite } }

        mutating func addForMeans(_ values: [Double]) {
            guard usable(values) else { return }
            count += 1
            for (k, index) in indices.enumerated() { sums[k] += values[index] }
        }

        mutating func addForSpreads(_ values: [Double]) {
            guard usable(values) else { return }
            let n = Double(count), p = indices.count
            let deviations = indices.enumerated().map { values[$1] - sums[$0] / n }
            for i in 0..<p {
                for j in 0..<p { products[i * p + j] += deviations[i] * deviations[j] }
            }
        }

        /// NaN where a parameter's values do not vary.
        var matrix: [[Double]] {
            let p = indices.count
            return (0..<p).map { i in
                (0..<p).map { j in products[i * p + j] / (products[i * p + i] * products[j * p + j]).squareRoot() }
            }
        }
    }
}

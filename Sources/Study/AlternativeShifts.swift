/// One alternative model's fit of a toy (`"alternatives"`): what toys.csv records of it.
public struct AlternativeFit: Sendable, Equatable {
    public var status: ToyStatus
    public var nll: Double
    /// In the alternative study's parameter order.
    public var values: [Double]
    public var errors: [Double]

    public var isValid: Bool { status.contains(.valid) }
}

/// The systematic of a model choice: for a parameter the alternative shares with the main fit, the mean over toys
/// of (alternative - main) and its error from the spread of the per-toy differences (the fits share each toy's
/// data, so the error of the difference, not of each), over the toys where both fits are valid.
public struct AlternativeShift: Sendable, Equatable {
    public var alternative: String
    public var parameter: String
    public var toys: Int
    public var shift: Double
    public var shiftError: Double

    /// The shifts of every free parameter shared by the main study and each alternative, from `pass` (results
    /// in toy order, given twice: means, then spreads about them).
    static func shifts(study: StudyModel, pass: ((ToyResult) -> Void) throws -> Void) rethrows -> [AlternativeShift] {
        struct Pair { var alternative: Int, main: Int, inAlternative: Int, name: String }
        var pairs: [Pair] = []
        for (a, alternative) in study.config.alternatives.enumerated() {
            for main in study.config.freeParameterIndices {
                let name = study.config.parameters[main].name
                if let index = alternative.config.parameterIndex(name), !alternative.config.parameters[index].fixed {
                    pairs.append(Pair(alternative: a, main: main, inAlternative: index, name: name))
                }
            }
        }
        guard !pairs.isEmpty else { return [] }
        func difference(_ r: ToyResult, _ p: Pair) -> Double? {
            let fit = r.alternatives[p.alternative]
            guard r.isValid && fit.isValid else { return nil }
            let d = fit.values[p.inAlternative] - r.values[p.main]
            return d.isFinite ? d : nil
        }
        var counts = [Int](repeating: 0, count: pairs.count), sums = [Double](repeating: 0, count: pairs.count)
        try pass { r in
            for (k, p) in pairs.enumerated() {
                guard let d = difference(r, p) else { continue }
                counts[k] += 1
                sums[k] += d
            }
        }
        let means = pairs.indices.map { sums[$0] / Double(counts[$0]) }
        var squares = [Double](repeating: 0, count: pairs.count)
        try pass { r in
            for (k, p) in pairs.enumerated() {
                guard let d = difference(r, p) else { continue }
                squares[k] += (d - means[k]) * (d - means[k])
            }
        }
        return pairs.indices.map { k in
            let n = Double(counts[k])
            let spread = counts[k] > 1 ? (squares[k] / (n - 1)).squareRoot() : .nan
            return AlternativeShift(alternative: study.config.alternatives[pairs[k].alternative].name, parameter: pairs[k].name,
                                    toys: counts[k], shift: means[k], shiftError: spread / n.squareRoot())
        }
    }
}

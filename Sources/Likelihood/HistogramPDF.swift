import Foundation

/// A histogram template as a pdf on one observable's range: content / bin width, normalised on the range (bins
/// cut at its ends), zero outside the bins; no shape parameters, so `update` has nothing to do and every
/// derivative is zero. Looking an event up is the per-event cost: one multiply and a floor for equal bins (with
/// one comparison each side, so an event on an edge lands in the bin above it exactly as the binary search for
/// unequal bins puts it).
final class HistogramPDF: NormalisedPDF {
    private let range: ObservableRange
    /// The template's edges, and per bin its normalised density and its log, at index bin + 1 (index 0 is
    /// outside the bins: density 0).
    private let edges: [Double]
    private let densities: [Double]
    private let logDensities: [Double]
    /// 1 / bin width when the template's bins are equal (to 1e-9 of a width), else nil.
    private let inverseWidth: Double?
    /// The bins cut to the range, and the probability below each of their edges (0 ... 1).
    private let cutEdges: [Double]
    private let cumulative: [Double]
    /// The sampler's guide table (Chen and Asau): guide[j] is the first cut bin whose upper CDF exceeds
    /// j / guide.count, where the search for a uniform in [j, j + 1) / guide.count starts.
    private let guide: [Int]
    private let normalisation: Double
    let isLogLinear: Bool

    init(template: HistogramTemplate, range: ObservableRange) {
        self.range = range
        edges = template.edges
        normalisation = template.content(from: range.lower, to: range.upper)
        let scale = normalisation > 0 ? 1 / normalisation : 0
        let raw = template.contents.indices.map { template.contents[$0] / (template.edges[$0 + 1] - template.edges[$0]) }
        densities = [0] + raw.map { $0 * scale }
        logDensities = densities.map { Foundation.log($0) }
        let widths = zip(edges, edges.dropFirst()).map { $1 - $0 }
        let width = (edges.last! - edges[0]) / Double(widths.count)
        inverseWidth = widths.allSatisfy { abs($0 - width) <= 1e-9 * width } ? 1 / width : nil
        var cut = [Double](), below = [Double](), filled = true
        for bin in template.contents.indices {
            let low = max(edges[bin], range.lower), high = min(edges[bin + 1], range.upper)
            guard high > low else { continue }
            filled = filled && template.contents[bin] > 0
            if cut.isEmpty {
                cut.append(low)
                below.append(0)
            }
            cut.append(high)
            below.append(below.last! + densities[bin + 1] * (high - low))
        }
        if !below.isEmpty { below[below.count - 1] = 1 }
        cutEdges = cut
        cumulative = below
        var guide: [Int] = [], bin = 0
        for j in 0..<max(below.count - 1, 1) {
            while bin < below.count - 2 && below[bin + 1] <= Double(j) / Double(max(below.count - 1, 1)) { bin += 1 }
            guide.append(bin)
        }
        self.guide = guide
        // Every bin that events can fall in is filled: the log-density is then finite and the NLL may take its
        // log form.
        isLogLinear = filled && cut.first == range.lower && cut.last == range.upper
    }

    /// The template bin holding x (low <= x < high, the last bin's high included), or -1 outside the bins.
    @inline(__always)
    private static func bin(of x: Double, edges: [Double], inverseWidth: Double?) -> Int {
        let n = edges.count - 1
        guard x >= edges[0] && x <= edges[n] else { return -1 }
        if let inverseWidth {
            var k = min(Int((x - edges[0]) * inverseWidth), n - 1)
            while k > 0 && x < edges[k] { k -= 1 }
            while k < n - 1 && x >= edges[k + 1] { k += 1 }
            return k
        }
        var low = 0, high = n
        while high - low > 1 {
            let middle = (low + high) / 2
            if edges[middle] <= x { low = middle } else { high = middle }
        }
        return low
    }

    func update(shape: ShapeValues) -> Bool { normalisation > 0 && normalisation.isFinite }

    var positiveRoles: [Int] { [] }

    var logNormalisationGradient: SIMD8<Double> { SIMD8() }

    private func gather(_ table: [Double], _ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int) {
        table.withUnsafeBufferPointer { table in
            for i in 0..<count { out[i] = table[Self.bin(of: x[i], edges: edges, inverseWidth: inverseWidth) + 1] }
        }
    }

    func fillDensity(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int) {
        gather(densities, x, into: out, count: count)
    }

    func fillLogDensity(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int) {
        gather(logDensities, x, into: out, count: count)
    }

    func accumulateLogGradient(_ x: UnsafePointer<Double>, weights: UnsafePointer<Double>, count: Int,
                               into sums: inout SIMD8<Double>) {}

    func accumulateLogHessian(_ x: UnsafePointer<Double>, weights: UnsafePointer<Double>, count: Int,
                              gradientRows: UnsafeMutablePointer<Double>, stride: Int, into hessian: inout RoleMatrix) {}

    func logNormalisationHessian() -> RoleMatrix { RoleMatrix() }

    func density(at x: Double) -> Double {
        range.contains(x) ? densities[Self.bin(of: x, edges: edges, inverseWidth: inverseWidth) + 1] : 0
    }

    /// The probability below x (x inside the range): the cut bins' cumulative sum plus the part of x's bin.
    private func distribution(_ x: Double) -> Double {
        guard let first = cutEdges.first, x > first else { return 0 }
        guard x < cutEdges.last! else { return 1 }
        var low = 0, high = cutEdges.count - 1
        while high - low > 1 {
            let middle = (low + high) / 2
            if cutEdges[middle] <= x { low = middle } else { high = middle }
        }
        return cumulative[low] + (cumulative[low + 1] - cumulative[low]) * (x - cutEdges[low]) / (cutEdges[low + 1] - cutEdges[low])
    }

    func probability(from a: Double, to b: Double) -> (value: Double, gradient: SIMD8<Double>) {
        (distribution(b) - distribution(a), SIMD8())
    }

    func probabilityHessian(from a: Double, to b: Double, logNormalisationHessian: RoleMatrix)
        -> (value: Double, gradient: SIMD8<Double>, hessian: RoleMatrix) {
        (probability(from: a, to: b).value, SIMD8(), RoleMatrix())
    }

    /// The exact inverse CDF, one uniform per event: the cut bin b with C_b <= u < C_(b+1), found from the guide
    /// table in a step or two on average whatever the number of bins, then linearly inside it (the CDF is linear
    /// there). An empty bin has C_b = C_(b+1) and is never chosen.
    func sample(_ count: Int, uniforms: inout UniformBuffer, into out: UnsafeMutablePointer<Double>) {
        var sink = EventSink(out, count: count, range: range)
        cutEdges.withUnsafeBufferPointer { edges in
            cumulative.withUnsafeBufferPointer { cumulative in
                guide.withUnsafeBufferPointer { guide in
                    let scale = SIMD8(repeating: Double(guide.count))
                    while !sink.isFull {
                        let u = uniforms.next()
                        let start = SIMD8<Int64>((u * scale).rounded(.down))
                        var x = SIMD8<Double>()
                        for lane in 0..<8 {
                            var bin = guide[Int(start[lane])]
                            while cumulative[bin + 1] <= u[lane] { bin += 1 }
                            let fraction = (u[lane] - cumulative[bin]) / (cumulative[bin + 1] - cumulative[bin])
                            x[lane] = edges[bin].addingProduct(fraction, edges[bin + 1] - edges[bin])
                        }
                        sink.store(x)
                    }
                }
            }
        }
    }
}

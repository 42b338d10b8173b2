import Foundation
@testable import Likelihood

/// SplitMix64: a small fixed generator so every randomised test is reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func uniform(_ range: ClosedRange<Double>) -> Double { Double.random(in: range, using: &self) }
}

/// The seed notebook's dataset and model: ns N(mu, sigma) + nb exp(-x/lambd) on [1, 9].
enum SeedPeak {
    static let dataURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/Fixtures/seed-peak.csv")

    static let data: [Double] = {
        let text = try! String(contentsOf: dataURL, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().compactMap { Double($0) }
    }()

    static let start = [2000.0, 20000.0, 5.0, 0.5, 4.0]
    static let nllAtStart = -103168.78482586428

    static let model = Model(range: ObservableRange(lower: 1, upper: 9), parameterCount: 5, components: [
        Component(name: "signal", kind: .gaussian, yieldIndex: 0, shapeIndices: [2, 3]),
        Component(name: "background", kind: .exponential, yieldIndex: 1, shapeIndices: [4]),
    ])
}

/// Central differences with one Richardson step (error O(h^4)), for checking analytic gradients.
func numericalGradient(_ f: ([Double]) -> Double, at p: [Double], relativeStep: Double = 2e-4) -> [Double] {
    p.indices.map { i in
        func difference(_ h: Double) -> Double {
            var up = p, down = p
            up[i] += h
            down[i] -= h
            return (f(up) - f(down)) / (2 * h)
        }
        let h = relativeStep * max(abs(p[i]), 0.1)
        return (4 * difference(h / 2) - difference(h)) / 3
    }
}

/// True when analytic and numerical gradients agree to `tolerance` relative to max(|g|, scale).
func gradientsAgree(_ nll: NegativeLogLikelihood, at p: [Double], tolerance: Double = 1e-6) -> Bool {
    var analytic = [Double]()
    let value = nll.valueAndGradient(p, gradient: &analytic)
    let numeric = numericalGradient(nll.value, at: p)
    let scale = max(1, analytic.map(abs).max() ?? 0) * 1e-3
    let agree = zip(analytic, numeric).allSatisfy { abs($0 - $1) <= tolerance * max(abs($0), scale) }
    if !agree || value != nll.value(p) { print("gradient mismatch at \(p): analytic \(analytic) numeric \(numeric)") }
    return agree && value == nll.value(p)
}

/// Simpson's rule on `intervals` (even) equal intervals.
func simpson(_ a: Double, _ b: Double, intervals n: Int, _ f: (Double) -> Double) -> Double {
    let h = (b - a) / Double(n)
    var sum = f(a) + f(b)
    for i in 1..<n { sum += Double(2 + 2 * (i % 2)) * f(a + Double(i) * h) }
    return sum * h / 3
}

/// A normalised pdf of `kind` on `range` at fixed shape values; a shape outside the pdf's domain is the test's own
/// mistake, so it traps.
func normalisedPDF(_ kind: PDFKind, on range: ObservableRange, shape: [Double]) -> any NormalisedPDF {
    let pdf = kind.makeNormalised(range: range)
    var values = SIMD8<Double>()
    for (i, v) in shape.enumerated() { values[i] = v }
    precondition(pdf.update(shape: ShapeValues(values: values, count: shape.count)))
    return pdf
}

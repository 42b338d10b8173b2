import Testing
@testable import Likelihood

/// One pdf under test: a range, a typical shape point, and how far random test points may stray from it.
struct PDFCase: Sendable, CustomTestStringConvertible {
    let kind: PDFKind
    let range: ObservableRange
    let shape: [Double]
    let spread: [Double]
    let note: String

    var testDescription: String { "\(kind.rawValue) \(note)" }

    /// signal (this pdf, yield p0) + flat background (yield p1), shape at p2...
    var model: Model {
        Model(range: range, parameterCount: 2 + shape.count, components: [
            Component(name: "signal", kind: kind, yieldIndex: 0, shapeIndices: Array(2..<(2 + shape.count))),
            Component(name: "flat", kind: .uniform, yieldIndex: 1, shapeIndices: []),
        ])
    }

    var truth: [Double] { [400, 100] + shape }

    func randomPoint(_ rng: inout SplitMix64) -> [Double] {
        [rng.uniform(300...500), rng.uniform(60...140)] + zip(shape, spread).map { $0 + rng.uniform(-$1...$1) }
    }

    /// The normalised pdf at the typical shape point.
    var pdf: any NormalisedPDF {
        normalisedPDF(kind, on: range, shape: shape)
    }

    static let unit = ObservableRange(lower: 0, upper: 10)

    static let all: [PDFCase] = [
        PDFCase(kind: .gaussian, range: unit, shape: [5, 1], spread: [0.5, 0.3], note: "core"),
        PDFCase(kind: .gaussian, range: unit, shape: [-1, 1.5], spread: [0.3, 0.3], note: "peak below range"),
        PDFCase(kind: .exponential, range: unit, shape: [3], spread: [1], note: ""),
        PDFCase(kind: .uniform, range: unit, shape: [], spread: [], note: ""),
        PDFCase(kind: .chebyshev, range: unit, shape: [0.3, -0.2, 0.1], spread: [0.05, 0.05, 0.05], note: "K=3"),
        PDFCase(kind: .chebyshev, range: unit, shape: [0.1, 0.05, -0.05, 0.04, 0.03, -0.02, 0.02, 0.01],
                spread: Array(repeating: 0.01, count: 8), note: "K=8"),
        PDFCase(kind: .crystalBall, range: unit, shape: [5, 1, 1.5, 3], spread: [0.3, 0.2, 0.3, 0.5], note: "low tail"),
        PDFCase(kind: .crystalBall, range: unit, shape: [6, 0.8, -1.2, 1], spread: [0.3, 0.2, 0.2, 1e-7], note: "high tail n=1"),
        PDFCase(kind: .crystalBall, range: unit, shape: [4, 1, 0.8, 1.05], spread: [0.3, 0.1, 0.1, 0.1], note: "n near 1"),
        PDFCase(kind: .argus, range: ObservableRange(lower: 0, upper: 5.29), shape: [5.4, -20], spread: [0.03, 3], note: "c=-20"),
        PDFCase(kind: .argus, range: ObservableRange(lower: 2, upper: 5), shape: [5.5, 1], spread: [0.2, 0.9], note: "c>0"),
        PDFCase(kind: .argus, range: ObservableRange(lower: 0, upper: 1), shape: [1.2, -1.5], spread: [0.1, 1], note: "mixed c"),
        PDFCase(kind: .breitWigner, range: unit, shape: [5, 1], spread: [0.5, 0.3], note: ""),
    ]
}

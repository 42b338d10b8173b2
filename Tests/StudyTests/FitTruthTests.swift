import Foundation
import Minimizer
import Testing
@testable import Study

/// The fit-truth configs in Tests/Fixtures/fit-truth: hard models where fits used to be called valid with
/// wrong errors.
enum FitTruth {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fit-truth")

    static func study(_ name: String) throws -> StudyModel {
        StudyModel(config: try StudyConfig.parse(String(contentsOf: directory.appendingPathComponent("\(name).json"),
                                                        encoding: .utf8)))
    }

    /// The product's fit of one toy (the exact path `run` takes) and the toy's events.
    static func fit(_ study: StudyModel, toy: Int) -> (fit: FitResult, events: [Double]) {
        let data = study.generate(toy: toy, seed: study.config.toys.seed)
        return (DatasetFitter(study: study).fit(data.dataset, constraintMeans: data.constraintMeans), data.dataset.channels[0][0])
    }

    /// Free parameters whose error the fit reports (unconstrained ones have NaN).
    static func constrained(_ fit: FitResult, _ study: StudyModel) -> [Int] {
        study.config.freeParameterIndices.filter { fit.errors[$0].isFinite }
    }

    /// The reported errors as HESSE computed them against an independent finite-difference Hessian of an
    /// independent NLL at the reported minimum: the largest relative difference, over the parameters `compared`
    /// (a subset of the reported ones, `free`). Errors with the other parameters held fixed are compared, on
    /// both sides: the reported covariance over `free` is inverted back to its Hessian, whose `compared` block
    /// is inverted again, as the independent Hessian of that block is.
    static func errorDiscrepancy(_ fit: FitResult, _ reference: ReferenceNLL, free: [Int], compared: [Int]) -> Double? {
        let n = fit.values.count
        let covariance = free.map { i in free.map { fit.covariance[i * n + $0] } }
        guard let hessian = reference.invert(covariance) else { return nil }
        let block = compared.map { i in compared.map { hessian[free.firstIndex(of: i)!][free.firstIndex(of: $0)!] } }
        guard let reported = reference.invert(block) else { return nil }
        let scale = compared.indices.map { reported[$0][$0].squareRoot() }
        guard let c = reference.covariance(at: fit.values, free: compared, scale: scale) else { return nil }
        return compared.indices.map { abs(scale[$0] / c[$0][$0].squareRoot() - 1) }.max() ?? 0
    }

    /// Within a fifth of its error of a limit: the independent Hessian's probes would cross it.
    static func isOnLimit(_ fit: FitResult, _ i: Int, study: StudyModel) -> Bool {
        let n = fit.values.count, reach = 0.2 * fit.covariance[i * n + i].squareRoot(), p = study.fitParameters[i]
        return (p.lower.map { fit.values[i] - $0 < reach } ?? false) || (p.upper.map { $0 - fit.values[i] < reach } ?? false)
    }

    /// Whether the independent NLL is twice differentiable along parameter i at the minimum, as far as finite
    /// differences can tell: its second differences over 1e-4 and 2e-5 of an error agree within 1%. An event on a
    /// pdf's piecewise boundary (the Crystal Ball's tail junction, which moves with alpha, the mean and the width)
    /// is a kink in the curvature; within the stencil, the finite difference averages the curvatures of both sides
    /// and measures neither the one at the minimum, which HESSE reports, nor any other.
    static func isSmooth(_ fit: FitResult, _ reference: ReferenceNLL, _ i: Int) -> Bool {
        let error = fit.errors[i]
        let curvatures = [1e-4, 2e-5].compactMap {
            reference.covariance(at: fit.values, free: [i], scale: [error], relativeStep: $0).map { 1 / $0[0][0] }
        }
        return curvatures.count == 2 && abs(curvatures[0] / curvatures[1] - 1) < 0.01
    }

    /// The lowest independent NLL found around the minimum, minus the NLL at it: probes at half and one error
    /// along each parameter, and one error along each covariance column (the profile direction), both sides,
    /// kept inside the limits. A valid minimum has none lower by more than its EDM allows.
    static func lowestNearby(_ fit: FitResult, _ reference: ReferenceNLL, free: [Int], study: StudyModel) -> Double {
        let n = fit.values.count
        let f0 = reference(fit.values)
        var directions: [[Double]] = []
        for i in free {
            let sigma = fit.covariance[i * n + i].squareRoot()
            for k in [0.5, 1.0] { directions.append((0..<n).map { $0 == i ? k * sigma : 0 }) }
            directions.append((0..<n).map { free.contains($0) ? fit.covariance[$0 * n + i] / sigma : 0 })
        }
        var lowest = Double.infinity
        for d in directions {
            for side in [1.0, -1.0] {
                let x = (0..<n).map { fit.values[$0] + side * d[$0] }
                let inside = zip(x, study.fitParameters).allSatisfy { x, p in
                    (p.lower.map { x > $0 } ?? true) && (p.upper.map { x < $0 } ?? true)
                }
                if inside { lowest = min(lowest, reference(x) - f0) }
            }
        }
        return lowest
    }
}

/// For every toy the product calls valid on the hard models, the errors agree within 2% with an independent
/// finite-difference Hessian of an independent NLL at the reported minimum, and no lower point lies within an
/// error of it. A parameter within a fifth of an error of a limit is left out of the comparison (held at its
/// value in the independent Hessian: a finite difference cannot step across the limit, and a minimum on a limit
/// has no curvature error), and so is one whose curvature has a kink right at the minimum (`isSmooth`); at least
/// 60% of the toys must be compared.
@Suite struct FitTruthSuiteTests {
    @Test(arguments: [("cb-loose-tail", 16), ("tiny-signal", 40), ("near-limits", 30), ("overlapping-peaks", 20),
                      ("far-starts", 20), ("unconstrained-shape", 10)])
    func validFitsHaveTheErrorsOfTheTrueCurvature(name: String, toys: Int) throws {
        let study = try FitTruth.study(name)
        var compared = 0
        for toy in 0..<toys {
            let (fit, events) = FitTruth.fit(study, toy: toy)
            guard fit.isValid else {
                #expect(fit.failureReason != nil, "\(name) toy \(toy): invalid without a reason")
                continue
            }
            let reference = ReferenceNLL(config: study.config, events: events)
            let free = FitTruth.constrained(fit, study)
            #expect(!free.isEmpty)
            let nearby = FitTruth.lowestNearby(fit, reference, free: free, study: study)
            // Lower by 0.01 means the minimum is misplaced by more than 0.14 errors (0.5 k^2 = 0.01).
            #expect(nearby > -0.01, "\(name) toy \(toy): a point \(nearby) below the minimum lies within an error")
            let interior = free.filter { !FitTruth.isOnLimit(fit, $0, study: study) && FitTruth.isSmooth(fit, reference, $0) }
            guard !interior.isEmpty else { continue }
            compared += 1
            let discrepancy = try #require(FitTruth.errorDiscrepancy(fit, reference, free: free, compared: interior))
            #expect(discrepancy < 0.02, "\(name) toy \(toy): errors \(fit.errors) differ by \(discrepancy)")
        }
        #expect(Double(compared) >= 0.6 * Double(toys), "\(name): only \(compared) of \(toys) toys compared")
    }
}

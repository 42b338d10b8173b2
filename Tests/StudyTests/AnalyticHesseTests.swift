import Foundation
import Testing
import Likelihood
import Minimizer
@testable import Study

/// HESSE with the likelihood's analytic Hessian, seen from the minimizer: the seed fit's errors are the inverse
/// of the analytic Hessian at the minimum, and the call counts are honest (every pass over the data is one nfcn).
@Suite struct AnalyticHesseTests {
    /// Counts the passes over the data by kind.
    final class CountingObjective: Objective, @unchecked Sendable {
        let inner: LikelihoodObjective
        var values = 0, gradients = 0, hessians = 0
        init(_ inner: LikelihoodObjective) { self.inner = inner }
        var providesGradient: Bool { inner.providesGradient }
        var providesHessian: Bool { inner.providesHessian }
        func value(_ x: [Double]) -> Double {
            values += 1
            return inner.value(x)
        }
        func valueAndGradient(_ x: [Double], gradient: inout [Double]) -> Double {
            gradients += 1
            return inner.valueAndGradient(x, gradient: &gradient)
        }
        func hessian(_ x: [Double]) -> [Double] {
            hessians += 1
            return inner.hessian(x)
        }
        func valueGradientAndHessian(_ x: [Double], gradient: inout [Double], hessian: inout [Double]) -> Double {
            hessians += 1
            return inner.valueGradientAndHessian(x, gradient: &gradient, hessian: &hessian)
        }
    }

    static func fit(analytic: Bool) throws -> (result: FitResult, calls: CountingObjective, nll: any NegativeLogLikelihood) {
        let study = try SeedFitTests.seedStudy(minos: [], gradient: analytic ? .analytic : .numerical)
        let nll = DatasetFitter(study: study).likelihood(for: try SeedFitTests.seedData())
        let objective = CountingObjective(LikelihoodObjective(nll: nll, providesGradient: analytic))
        let settings = MinimizerSettings(strategy: 1, tolerance: 0.1, errorDefinition: 0.5, useGradient: analytic)
        var minuit = Minuit(objective: objective, parameters: study.fitParameters, settings: settings)
        minuit.migrad()
        return (minuit.hesse(), objective, nll)
    }

    @Test func errorsAreTheInverseAnalyticHessian() throws {
        let (result, calls, nll) = try Self.fit(analytic: true)
        #expect(result.isValid && calls.hessians >= 1)
        var gradient = [Double](), hessian = [Double]()
        _ = nll.valueGradientAndHessian(result.values, gradient: &gradient, hessian: &hessian)
        let n = result.values.count
        let covariance = try #require(SymmetricInverse.of(hessian, n))
        for i in 0..<n {
            let error = covariance[i * n + i].squareRoot()
            #expect(abs(result.errors[i] / error - 1) < 1e-4, "\(result.names[i]): \(result.errors[i]) vs \(error)")
        }
    }

    /// nfcn is every pass over the data (value, value and gradient, or Hessian), ngrad the gradient passes; with the
    /// numerical gradient no Hessian pass is made.
    @Test(arguments: [true, false])
    func callCountsAreHonest(analytic: Bool) throws {
        let (result, calls, _) = try Self.fit(analytic: analytic)
        #expect(result.nfcn == calls.values + calls.gradients + calls.hessians)
        #expect(result.ngrad == calls.gradients)
        #expect(analytic ? calls.hessians >= 1 : calls.hessians == 0 && calls.gradients == 0)
    }
}

/// Gauss-Jordan inversion of a small symmetric positive-definite matrix: the test inverts independently of the
/// minimizer whose inversion it checks.
enum SymmetricInverse {
    static func of(_ matrix: [Double], _ n: Int) -> [Double]? {
        var a = matrix, inverse = [Double](repeating: 0, count: n * n)
        for i in 0..<n { inverse[i * n + i] = 1 }
        for column in 0..<n {
            let pivot = a[column * n + column]
            guard pivot > 0 else { return nil }
            for j in 0..<n {
                a[column * n + j] /= pivot
                inverse[column * n + j] /= pivot
            }
            for row in 0..<n where row != column {
                let factor = a[row * n + column]
                for j in 0..<n {
                    a[row * n + j] -= factor * a[column * n + j]
                    inverse[row * n + j] -= factor * inverse[column * n + j]
                }
            }
        }
        return inverse
    }
}

import Foundation
import Minimizer

/// RooMCStudy's fit of a Gaussian to a pull distribution, unbinned maximum likelihood with toystudy's own MIGRAD
/// and HESSE. The Gaussian's NLL depends on the pulls only through their count, mean and sum of squared deviations
/// about the mean: sum (x - mu)^2 / (2 s^2) + n log s = (S + n (m - mu)^2) / (2 s^2) + n log s. So the fit needs
/// no pulls in memory, only the sums the summary streams anyway.
struct GaussianPullFit: Objective {
    let count: Double
    let mean: Double
    let squaredDeviations: Double

    struct Outcome {
        var mean = Double.nan, meanError = Double.nan, width = Double.nan, widthError = Double.nan
    }

    /// The fit from N(0, 1), the distribution of right pulls; NaN unless the fit is valid (two or more pulls that
    /// are not all equal).
    static func fit(count: Int, mean: Double, squaredDeviations: Double) -> Outcome {
        guard count > 1, squaredDeviations > 0, squaredDeviations.isFinite else { return Outcome() }
        let objective = GaussianPullFit(count: Double(count), mean: mean, squaredDeviations: squaredDeviations)
        var minuit = Minuit(objective: objective,
                            parameters: [FitParameter(name: "mean", value: 0, error: 0.1),
                                         FitParameter(name: "width", value: 1, error: 0.1)],
                            settings: MinimizerSettings(errorDefinition: 0.5))
        minuit.migrad()
        let result = minuit.hesse()
        guard result.isValid else { return Outcome() }
        return Outcome(mean: result.values[0], meanError: result.errors[0], width: result.values[1],
                       widthError: result.errors[1])
    }

    private func spread(_ x: [Double]) -> (shift: Double, squares: Double) {
        let shift = mean - x[0]
        return (shift, squaredDeviations + count * shift * shift)
    }

    func value(_ x: [Double]) -> Double {
        let s = spread(x), width = x[1]
        return s.squares / (2 * width * width) + count * log(width)
    }

    var providesGradient: Bool { true }

    func valueAndGradient(_ x: [Double], gradient: inout [Double]) -> Double {
        let s = spread(x), width = x[1]
        gradient[0] = -count * s.shift / (width * width)
        gradient[1] = -s.squares / (width * width * width) + count / width
        return value(x)
    }

    var providesHessian: Bool { true }

    func hessian(_ x: [Double]) -> [Double] {
        let s = spread(x), width = x[1], w2 = width * width
        let cross = 2 * count * s.shift / (w2 * width)
        return [count / w2, cross, cross, 3 * s.squares / (w2 * w2) - count / w2]
    }

    /// A width must be positive for the Gaussian to exist.
    func isInDomain(_ x: [Double]) -> Bool { x[1] > 0 }
}

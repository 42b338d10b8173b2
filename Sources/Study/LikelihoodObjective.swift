import Likelihood
import Minimizer

/// Lets the minimizer, which knows nothing about pdfs, minimize a negative log-likelihood.
public struct LikelihoodObjective: Objective {
    public let nll: any NegativeLogLikelihood
    /// False makes MIGRAD use Minuit's finite differences even though the likelihood has an analytic gradient.
    public let providesGradient: Bool

    public init(nll: any NegativeLogLikelihood, providesGradient: Bool) {
        self.nll = nll
        self.providesGradient = providesGradient
    }

    /// The analytic Hessian goes with the analytic gradient: HESSE then takes the exact curvature (one pass over
    /// the data) instead of differences of gradients or values. A fit with `"gradient": "numerical"` stays all
    /// Minuit's finite differences, as a cross-check of the analytic path should be.
    public var providesHessian: Bool { providesGradient }

    public func value(_ x: [Double]) -> Double { nll.value(x) }

    public func valueAndGradient(_ x: [Double], gradient: inout [Double]) -> Double {
        nll.valueAndGradient(x, gradient: &gradient)
    }

    public func isInDomain(_ x: [Double]) -> Bool { nll.isInDomain(x) }

    public func hessian(_ x: [Double]) -> [Double] {
        var gradient: [Double] = [], hessian: [Double] = []
        _ = valueGradientAndHessian(x, gradient: &gradient, hessian: &hessian)
        return hessian
    }

    public func valueGradientAndHessian(_ x: [Double], gradient: inout [Double], hessian: inout [Double]) -> Double {
        nll.valueGradientAndHessian(x, gradient: &gradient, hessian: &hessian)
    }
}

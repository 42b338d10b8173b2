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

    public func value(_ x: [Double]) -> Double { nll.value(x) }

    public func valueAndGradient(_ x: [Double], gradient: inout [Double]) -> Double {
        nll.valueAndGradient(x, gradient: &gradient)
    }

    public func isInDomain(_ x: [Double]) -> Bool { nll.isInDomain(x) }
}

import Likelihood
import Minimizer

/// Lets the minimizer, which knows nothing about pdfs, minimize a negative log-likelihood.
struct LikelihoodObjective: Objective {
    let nll: any NegativeLogLikelihood
    let providesGradient: Bool

    func value(_ x: [Double]) -> Double { nll.value(x) }

    func valueAndGradient(_ x: [Double], gradient: inout [Double]) -> Double {
        nll.valueAndGradient(x, gradient: &gradient)
    }
}

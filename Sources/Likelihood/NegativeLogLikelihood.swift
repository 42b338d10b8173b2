/// What the fitter calls. Value and gradient are with respect to ALL model parameters (the minimizer ignores fixed ones).
public protocol NegativeLogLikelihood: AnyObject, Sendable {
    var parameterCount: Int { get }
    func value(_ parameters: [Double]) -> Double
    func valueAndGradient(_ parameters: [Double], gradient: inout [Double]) -> Double
    /// False where some pdf is outside its domain: the value there is a penalty that pushes the minimizer
    /// back, not a likelihood, so a fit that ends there has no minimum.
    func isInDomain(_ parameters: [Double]) -> Bool
}

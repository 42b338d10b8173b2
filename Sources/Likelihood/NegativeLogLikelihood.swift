/// What the fitter calls. Value and gradient are with respect to ALL model parameters (the minimizer ignores fixed ones).
public protocol NegativeLogLikelihood: AnyObject, Sendable {
    var parameterCount: Int { get }
    func value(_ parameters: [Double]) -> Double
    func valueAndGradient(_ parameters: [Double], gradient: inout [Double]) -> Double
    /// False where some pdf is outside its domain: the value there is a penalty that pushes the minimizer
    /// back, not a likelihood, so a fit that ends there has no minimum.
    func isInDomain(_ parameters: [Double]) -> Bool
    /// Value, gradient and the analytic Hessian (row-major parameterCount x parameterCount, symmetric) in one pass
    /// over the data: what HESSE needs, once per fit. Value and gradient equal `valueAndGradient`'s.
    func valueGradientAndHessian(_ parameters: [Double], gradient: inout [Double], hessian: inout [Double]) -> Double
}

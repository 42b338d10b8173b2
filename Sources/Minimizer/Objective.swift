/// What the minimizer minimizes. `x` is the full EXTERNAL parameter vector (fixed parameters included),
/// so an objective never needs to know which parameters are free or limited.
public protocol Objective {
    func value(_ x: [Double]) -> Double
    /// True when `valueAndGradient` returns an analytic gradient; default false.
    var providesGradient: Bool { get }
    /// Value and gradient w.r.t. every external parameter in one call (a likelihood computes both in one
    /// pass over the data). Default implementation: value only, gradient untouched.
    func valueAndGradient(_ x: [Double], gradient: inout [Double]) -> Double
    /// True when `hessian(_:)` is implemented (row-major n*n external second derivatives); default false.
    var providesHessian: Bool { get }
    func hessian(_ x: [Double]) -> [Double]
    /// Value, gradient and Hessian at one point. A likelihood computes all three in one pass over the data, so
    /// HESSE and MIGRAD's seed need one pass where `valueAndGradient` plus `hessian` would make two. Default:
    /// exactly those two calls.
    func valueGradientAndHessian(_ x: [Double], gradient: inout [Double], hessian: inout [Double]) -> Double
    /// False where the objective's value is a stand-in rather than the function itself (a likelihood returns a
    /// large penalty where a pdf is outside its domain): a minimum there is no minimum. Default: true.
    func isInDomain(_ x: [Double]) -> Bool
}

extension Objective {
    public var providesGradient: Bool { false }
    public func valueAndGradient(_ x: [Double], gradient: inout [Double]) -> Double { value(x) }
    public var providesHessian: Bool { false }
    public func hessian(_ x: [Double]) -> [Double] { [] }
    public func valueGradientAndHessian(_ x: [Double], gradient: inout [Double], hessian: inout [Double]) -> Double {
        let f = valueAndGradient(x, gradient: &gradient)
        hessian = self.hessian(x)
        return f
    }
    public func isInDomain(_ x: [Double]) -> Bool { true }
}

/// One external parameter as the user declares it.
public struct FitParameter: Sendable {
    public var name: String
    public var value: Double
    /// Start step (Minuit's "error"); <= 0 means Minuit's default: 0.01*|value|, or 0.1 when value is 0.
    public var error: Double
    public var lower: Double?
    public var upper: Double?
    public var isFixed: Bool

    public init(name: String, value: Double, error: Double = 0, lower: Double? = nil, upper: Double? = nil,
                isFixed: Bool = false) {
        self.name = name
        self.value = value
        self.error = error
        self.lower = lower
        self.upper = upper
        self.isFixed = isFixed
    }

    /// The start step Minuit uses when none is given (iminuit's rule).
    var startStep: Double {
        if error > 0 { return error }
        return value == 0 ? 0.1 : 0.01 * abs(value)
    }
}

import Minimizer

/// Everything a study keeps of one toy: its index, the fit outcome and status, and per parameter the fitted value,
/// HESSE error and MINOS errors. The truth is the study's, so it is not repeated here.
public struct ToyResult: Sendable, Equatable {
    public var toy: Int
    public var events: Int
    public var status: ToyStatus
    public var nll: Double
    public var edm: Double
    public var nfcn: Int
    public var ngrad: Int
    public var retries: Int
    public var values: [Double]
    public var errors: [Double]
    /// MINOS errors (lower negative); NaN for parameters without MINOS.
    public var minosLower: [Double]
    public var minosUpper: [Double]
    /// The events generated per channel and component (`StudyModel.eventColumns`).
    public var componentEvents: [Int] = []
    /// The fits of the config's alternative models, in their order.
    public var alternatives: [AlternativeFit] = []

    public var isValid: Bool { status.contains(.valid) }

    public init(toy: Int, events: Int, fit: FitResult, minosIndices: [Int]) {
        self.toy = toy
        self.events = events
        status = ToyStatus(fit, minosRequested: !minosIndices.isEmpty)
        nll = fit.fval
        edm = fit.edm
        nfcn = fit.nfcn
        ngrad = fit.ngrad
        retries = fit.retries
        values = fit.values
        errors = fit.errors
        minosLower = fit.values.indices.map { fit.minos[$0]?.lower ?? .nan }
        minosUpper = fit.values.indices.map { fit.minos[$0]?.upper ?? .nan }
    }

    public init(toy: Int, events: Int, status: ToyStatus, nll: Double, edm: Double, nfcn: Int, ngrad: Int, retries: Int,
                values: [Double], errors: [Double], minosLower: [Double], minosUpper: [Double]) {
        self.toy = toy
        self.events = events
        self.status = status
        self.nll = nll
        self.edm = edm
        self.nfcn = nfcn
        self.ngrad = ngrad
        self.retries = retries
        self.values = values
        self.errors = errors
        self.minosLower = minosLower
        self.minosUpper = minosUpper
    }

    /// (fitted - true) / error. With MINOS errors, the error on the side of the truth is used (RooFit's
    /// convention): a fitted value above the truth is measured with its lower error. NaN for fixed parameters.
    public func pull(_ parameter: Int, truth: Double) -> Double {
        let residual = values[parameter] - truth
        var error = errors[parameter]
        if !minosLower[parameter].isNaN && !minosUpper[parameter].isNaN {
            error = residual > 0 ? -minosLower[parameter] : minosUpper[parameter]
        }
        return error > 0 ? residual / error : .nan
    }

    /// Bitwise equality: NaN errors of fixed parameters compare equal, and -0 differs from 0.
    public static func == (a: ToyResult, b: ToyResult) -> Bool {
        func bits(_ r: ToyResult) -> [UInt64] {
            ([r.nll, r.edm] + r.values + r.errors + r.minosLower + r.minosUpper).map(\.bitPattern)
                + [UInt64(r.toy), UInt64(r.events), UInt64(r.status.rawValue), UInt64(r.nfcn), UInt64(r.ngrad), UInt64(r.retries)]
        }
        return bits(a) == bits(b)
    }
}

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

    /// ToyResult flattened to doubles, for sending between MPI ranks (bit-exact, fixed layout).
    public func encoded() -> [Double] {
        [Double(toy), Double(events), Double(status.rawValue), nll, edm, Double(nfcn), Double(ngrad), Double(retries)]
            + values + errors + minosLower + minosUpper
    }

    public static func encodedCount(parameters: Int) -> Int { 8 + 4 * parameters }

    public init(encoded d: ArraySlice<Double>, parameters n: Int) {
        let b = d.startIndex
        self.init(toy: Int(d[b]), events: Int(d[b + 1]), status: ToyStatus(rawValue: UInt32(d[b + 2])),
                  nll: d[b + 3], edm: d[b + 4], nfcn: Int(d[b + 5]), ngrad: Int(d[b + 6]), retries: Int(d[b + 7]),
                  values: Array(d[(b + 8)..<(b + 8 + n)]), errors: Array(d[(b + 8 + n)..<(b + 8 + 2 * n)]),
                  minosLower: Array(d[(b + 8 + 2 * n)..<(b + 8 + 3 * n)]),
                  minosUpper: Array(d[(b + 8 + 3 * n)..<(b + 8 + 4 * n)]))
    }

    /// The results of an MPI message: `encoded` values of several results one after the other.
    public static func decoded(_ values: ArraySlice<Double>, parameters: Int) -> [ToyResult] {
        let stride = encodedCount(parameters: parameters)
        return Swift.stride(from: values.startIndex, to: values.endIndex, by: stride).map {
            ToyResult(encoded: values[$0..<($0 + stride)], parameters: parameters)
        }
    }

    public static func == (a: ToyResult, b: ToyResult) -> Bool {
        a.encoded().elementsEqual(b.encoded()) { $0.bitPattern == $1.bitPattern }
    }
}

import Foundation

/// What the unbinned NLL's block kernels need of one component's density, re-evaluated in place for each
/// parameter vector: a 1-D pdf (`NormalisedPDF`) or a product of them over several observables
/// (`ProductPDF`). A class behind a protocol so a model holds a fixed list of differently typed pdfs and a
/// likelihood call allocates nothing; the per-event kernels stay specialised inside each concrete pdf.
/// The kernels pass a block's events as `x`: observable c's values at x + c * EventBlocks.blockSize.
protocol ComponentDensity: AnyObject {
    /// Takes new shape values; false (and the pdf invalid until the next update) outside the pdf's domain.
    func update(shape: ShapeValues) -> Bool

    /// Roles of this pdf that must be strictly positive.
    var positiveRoles: [Int] { get }

    /// d log(normalisation integral) / d role.
    var logNormalisationGradient: SIMD8<Double> { get }

    /// out[i] = normalised density at x[i].
    func fillDensity(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int)

    /// Whether `fillLogDensity` is available (a cheap log-density, see `LogLinearPDF`).
    var isLogLinear: Bool { get }

    /// out[i] = log of the normalised density at x[i]; only where `isLogLinear`.
    func fillLogDensity(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int)

    /// sums[j] += sum_i w[i] d log g(x[i]) / d role_j, g unnormalised.
    func accumulateLogGradient(_ x: UnsafePointer<Double>, weights: UnsafePointer<Double>, count: Int,
                               into sums: inout SIMD8<Double>)

    /// The analytic Hessian's per-event stage (`ShapePDF.accumulateLogHessian`): d log g rows and the weighted
    /// sum of d2 log g, g unnormalised.
    func accumulateLogHessian(_ x: UnsafePointer<Double>, weights: UnsafePointer<Double>, count: Int,
                              gradientRows: UnsafeMutablePointer<Double>, stride: Int, into hessian: inout RoleMatrix)

    /// d2 log(normalisation integral) / d role_j d role_l: I''/I - (d log I)(d log I)^T.
    func logNormalisationHessian() -> RoleMatrix
}

/// A 1-D pdf normalised on one observable's range: besides the kernels' needs, single points, intervals (the
/// binned NLL) and the toy generator.
protocol NormalisedPDF: ComponentDensity {
    /// Normalised density at one point (zero outside the range).
    func density(at x: Double) -> Double

    /// Probability of [a, b] and its gradient w.r.t. the shape roles.
    func probability(from a: Double, to b: Double) -> (value: Double, gradient: SIMD8<Double>)

    /// out[0..<count] = `count` events drawn from the pdf (out has room for count + 8); only after `update`
    /// returned true.
    func sample(_ count: Int, uniforms: inout UniformBuffer, into out: UnsafeMutablePointer<Double>)

    /// `probability(from:to:)` with its second derivatives w.r.t. the shape roles; `logNormalisationHessian` is
    /// this pdf's, passed in so a binned pass computes it once.
    func probabilityHessian(from a: Double, to b: Double, logNormalisationHessian: RoleMatrix)
        -> (value: Double, gradient: SIMD8<Double>, hessian: RoleMatrix)
}

class Normalised<P: ShapePDF>: NormalisedPDF {
    let range: ObservableRange
    /// The current shape, in storage of its own rather than an Optional<P> property: unspecialised generic code
    /// touching Optional<P> looks its metadata up in a hash map on every access, which cost ~15% of an NLL call.
    private let storage = UnsafeMutablePointer<P>.allocate(capacity: 1)
    private var stored = false
    private var valid = false
    private var integral = 1.0
    fileprivate private(set) var inverseIntegral = 1.0
    fileprivate private(set) var logInverseIntegral = 0.0
    private(set) var logNormalisationGradient = SIMD8<Double>()

    init(range: ObservableRange) { self.range = range }

    var positiveRoles: [Int] { P.positiveRoles }

    deinit {
        if stored { storage.deinitialize(count: 1) }
        storage.deallocate()
    }

    /// The current shape, for the kernels (only called after `update` returned true).
    fileprivate var shape: P { storage.pointee }

    func update(shape values: ShapeValues) -> Bool {
        valid = false
        guard let shape = P(shape: values, range: range) else { return false }
        if stored { storage.pointee = shape } else { storage.initialize(to: shape) }
        stored = true
        let (value, gradient) = shape.integral(from: range.lower, to: range.upper)
        guard value > 0, value.isFinite else { return false }
        valid = true
        integral = value
        inverseIntegral = 1 / value
        logInverseIntegral = -Foundation.log(value)
        logNormalisationGradient = gradient * inverseIntegral
        return true
    }

    func fillDensity(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int) {
        shape.fillDensity(x, into: out, count: count, scale: inverseIntegral)
    }

    var isLogLinear: Bool { false }

    func fillLogDensity(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int) {
        preconditionFailure("fillLogDensity on a pdf that is not log-linear")
    }

    func accumulateLogGradient(_ x: UnsafePointer<Double>, weights: UnsafePointer<Double>, count: Int,
                               into sums: inout SIMD8<Double>) {
        shape.accumulateLogGradient(x, weights: weights, count: count, into: &sums)
    }

    func density(at x: Double) -> Double {
        guard valid, range.contains(x) else { return 0 }
        return shape.density(at: x) * inverseIntegral
    }

    func probability(from a: Double, to b: Double) -> (value: Double, gradient: SIMD8<Double>) {
        guard valid else { return (0, SIMD8()) }
        let (value, gradient) = shape.integral(from: a, to: b)
        let p = value * inverseIntegral
        return (p, gradient * inverseIntegral - p * logNormalisationGradient)
    }

    func accumulateLogHessian(_ x: UnsafePointer<Double>, weights: UnsafePointer<Double>, count: Int,
                              gradientRows: UnsafeMutablePointer<Double>, stride: Int, into hessian: inout RoleMatrix) {
        shape.accumulateLogHessian(x, weights: weights, count: count, gradientRows: gradientRows, stride: stride,
                                   into: &hessian)
    }

    func logNormalisationHessian() -> RoleMatrix {
        guard valid else { return RoleMatrix() }
        let g = logNormalisationGradient
        return shape.integralHessian(from: range.lower, to: range.upper) * inverseIntegral - .outer(g, g)
    }

    /// P = J/I, J the integral on [a, b]: d2 P_jl = J''_jl/I - (J'_j/I)(d log I)_l - (d log I)_j P'_l
    /// - P (d2 log I)_jl.
    func probabilityHessian(from a: Double, to b: Double, logNormalisationHessian: RoleMatrix)
        -> (value: Double, gradient: SIMD8<Double>, hessian: RoleMatrix) {
        guard valid else { return (0, SIMD8(), RoleMatrix()) }
        let (p, gradient) = probability(from: a, to: b)
        let logNorm = logNormalisationGradient
        let rawGradient = shape.integral(from: a, to: b).gradient * inverseIntegral
        // Entry by entry in memory (unused roles' entries are zeros and stay zero): whole-SIMD64 expressions
        // spilled 512-byte temporaries through the stack and made this a third of a grid fit.
        var hessian = shape.integralHessian(from: a, to: b)
        let inverse = inverseIntegral
        withUnsafeMutableBytes(of: &hessian) { raw in
            let h = raw.assumingMemoryBound(to: Double.self)
            withUnsafeBytes(of: logNormalisationHessian) { curvature in
                let c = curvature.assumingMemoryBound(to: Double.self)
                for j in 0..<8 {
                    for l in 0..<8 {
                        h[8 * j + l] = h[8 * j + l] * inverse - rawGradient[j] * logNorm[l] - logNorm[j] * gradient[l] - p * c[8 * j + l]
                    }
                }
            }
        }
        return (p, gradient, hessian)
    }

    func sample(_ count: Int, uniforms: inout UniformBuffer, into out: UnsafeMutablePointer<Double>) {
        precondition(valid, "sample on a pdf outside its domain")
        var sink = EventSink(out, count: count, range: range)
        shape.sample(into: &sink, range: range, uniforms: &uniforms)
    }
}

/// The same for a shape with a cheap log-density, which it passes on.
final class NormalisedLogLinear<P: LogLinearPDF>: Normalised<P> {
    override var isLogLinear: Bool { true }

    override func fillLogDensity(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int) {
        shape.fillLogDensity(x, into: out, count: count, logScale: logInverseIntegral)
    }
}

extension PDFKind {
    /// A fresh normalised pdf of this kind on `range` (shape values set by `update`).
    func makeNormalised(range: ObservableRange) -> any NormalisedPDF {
        func make<P: ShapePDF>(_: P.Type) -> any NormalisedPDF { Normalised<P>(range: range) }
        func makeLogLinear<P: LogLinearPDF>(_: P.Type) -> any NormalisedPDF { NormalisedLogLinear<P>(range: range) }
        if let logLinear = shapeType as? any LogLinearPDF.Type { return makeLogLinear(logLinear) }
        return make(shapeType)
    }
}

import Foundation
import ToyMath

/// The shape values of one component, gathered from the model's parameter vector: at most eight roles
/// (chebyshev's c1...c8), unused lanes zero. A fixed-size vector so a call never allocates.
struct ShapeValues {
    var values: SIMD8<Double>
    var count: Int

    subscript(role: Int) -> Double { values[role] }

    /// No role is NaN or infinite (unused lanes are zero; x * 0 is NaN exactly for those).
    var allFinite: Bool { (values * 0).sum() == 0 }
}

/// One pdf of the library, unnormalised, for fixed shape values. Everything the NLLs, the generator and the
/// plots need is here, so adding a pdf is one small file plus one line in `PDFKind.shapeType`.
/// Block kernels work on a multiple of eight events (the blocks are padded).
protocol ShapePDF {
    /// nil where the shape values are outside the pdf's domain (sigma <= 0, ...).
    init?(shape: ShapeValues, range: ObservableRange)

    /// Roles that must be strictly positive: the NLL's penalty outside the domain slopes back along these.
    static var positiveRoles: [Int] { get }

    /// The unnormalised density g(x).
    func density(at x: Double) -> Double

    /// Integral of g on [a, b] (a <= b inside the range) and its gradient w.r.t. the shape roles: the
    /// normalisation (a, b = range), the CDF and the binned NLL's bin contents all come from here.
    func integral(from a: Double, to b: Double) -> (value: Double, gradient: SIMD8<Double>)

    /// out[i] = scale * g(x[i]) over a block: `scale` is the inverse normalisation, which exponential
    /// shapes fold into their exponent as `log(scale)` to save a pass.
    func fillDensity(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int, scale: Double)

    /// sums[j] += sum_i w[i] * d log g(x[i]) / d role_j over a block (padded lanes carry w = 0).
    func accumulateLogGradient(_ x: UnsafePointer<Double>, weights w: UnsafePointer<Double>, count: Int,
                               into sums: inout SIMD8<Double>)

    /// The toy generator: fills the sink with exact draws from the density on the range, by a closed-form
    /// inverse CDF or by accept-reject under a bound computed here (once per toy and component), vectorised
    /// over groups of eight uniforms. How many uniforms it takes depends on their values only.
    func sample(into sink: inout EventSink, range: ObservableRange, uniforms: inout UniformBuffer)

    /// The analytic Hessian's per-event stage over a block: rows[j * stride + i] = d log g(x[i]) / d role_j for
    /// the pdf's roles, and hessian[role: j, l] += sum_i w[i] d^2 log g(x[i]) / d role_j d role_l (both triangles).
    /// Padded lanes carry w = 0; lanes where g = 0 get zero rows.
    func accumulateLogHessian(_ x: UnsafePointer<Double>, weights w: UnsafePointer<Double>, count: Int,
                              gradientRows rows: UnsafeMutablePointer<Double>, stride: Int,
                              into hessian: inout RoleMatrix)

    /// d^2 / d role_j d role_l of `integral(from: a, to: b).value` (both triangles): the normalisation's and the
    /// binned NLL's bin contents' curvature.
    func integralHessian(from a: Double, to b: Double) -> RoleMatrix
}

/// A pdf whose log-density takes one cheap pass (no exp): Gaussian, exponential, uniform, Crystal Ball. When
/// every component is one, the unbinned NLL works in log form and needs one exp fewer per event.
protocol LogLinearPDF: ShapePDF {
    /// out[i] = logScale + log g(x[i]) over a block.
    func fillLogDensity(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int, logScale: Double)
}

extension LogLinearPDF {
    func fillDensity(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int, scale: Double) {
        fillLogDensity(x, into: out, count: count, logScale: Foundation.log(scale))
        FastMath.expInPlace(out, count: count)
    }
}

extension ShapePDF {
    /// g and d g / d role at the two ends of an interval, for the integrals' second derivatives (the ends'
    /// terms of Leibniz's rule): taken from `accumulateLogHessian` on one lane group, so the per-event
    /// derivatives exist once.
    func endpointDerivatives(_ a: Double, _ b: Double)
        -> (densityA: Double, densityB: Double, gradientA: SIMD8<Double>, gradientB: SIMD8<Double>) {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 80) { buffer in
            let x = buffer.baseAddress!, w = x + 8, rows = x + 16
            buffer.initialize(repeating: 0)
            x.update(repeating: b, count: 8)
            x[0] = a
            var ignored = RoleMatrix()
            accumulateLogHessian(x, weights: w, count: 8, gradientRows: rows, stride: 8, into: &ignored)
            let ga = density(at: a), gb = density(at: b)
            var da = SIMD8<Double>(), db = SIMD8<Double>()
            for j in 0..<8 {
                da[j] = ga == 0 ? 0 : ga * rows[8 * j]
                db[j] = gb == 0 ? 0 : gb * rows[8 * j + 1]
            }
            return (ga, gb, da, db)
        }
    }
}

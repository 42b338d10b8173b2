/// Flat density on the range; no roles.
struct Uniform: LogLinearPDF {
    static let positiveRoles: [Int] = []

    init?(shape: ShapeValues, range: ObservableRange) {}

    func density(at x: Double) -> Double { 1 }

    func integral(from a: Double, to b: Double) -> (value: Double, gradient: SIMD8<Double>) { (b - a, SIMD8()) }

    func fillDensity(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int, scale: Double) {
        out.update(repeating: scale, count: count)
    }

    func fillLogDensity(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int, logScale: Double) {
        out.update(repeating: logScale, count: count)
    }

    func accumulateLogGradient(_ x: UnsafePointer<Double>, weights w: UnsafePointer<Double>, count: Int,
                               into sums: inout SIMD8<Double>) {}

    func accumulateLogHessian(_ x: UnsafePointer<Double>, weights w: UnsafePointer<Double>, count: Int,
                              gradientRows rows: UnsafeMutablePointer<Double>, stride: Int,
                              into hessian: inout RoleMatrix) {}

    func integralHessian(from a: Double, to b: Double) -> RoleMatrix { RoleMatrix() }

    func sample(into sink: inout EventSink, range: ObservableRange, uniforms: inout UniformBuffer) {
        let lower = SIMD8(repeating: range.lower), width = SIMD8(repeating: range.width)
        while !sink.isFull {
            sink.store(lower.addingProduct(uniforms.next(), width))
        }
    }
}

/// Crystal Ball: PENDING (priority 3); outside its domain everywhere until implemented.
struct CrystalBall: ShapePDF {
    static let positiveRoles: [Int] = []
    init?(shape: ShapeValues, range: ObservableRange) { return nil }
    func density(at x: Double) -> Double { 0 }
    func integral(from a: Double, to b: Double) -> (value: Double, gradient: SIMD8<Double>) { (0, SIMD8()) }
    func fillDensity(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int, scale: Double) {}
    func accumulateLogGradient(_ x: UnsafePointer<Double>, weights w: UnsafePointer<Double>, count: Int,
                               into sums: inout SIMD8<Double>) {}
}

/// One term of the extended sum: a yield parameter times a normalised pdf. Indices point into the model's parameter vector.
public struct Component: Sendable {
    public var name: String
    public var kind: PDFKind
    public var yieldIndex: Int
    public var shapeIndices: [Int]

    public init(name: String, kind: PDFKind, yieldIndex: Int, shapeIndices: [Int]) {
        self.name = name
        self.kind = kind
        self.yieldIndex = yieldIndex
        self.shapeIndices = shapeIndices
    }
}

/// Optional Gaussian constraint term 0.5*((p - mean)/sigma)^2 added to the NLL.
public struct GaussianConstraint: Sendable {
    public var parameterIndex: Int
    public var mean: Double
    public var sigma: Double

    public init(parameterIndex: Int, mean: Double, sigma: Double) {
        self.parameterIndex = parameterIndex
        self.mean = mean
        self.sigma = sigma
    }
}

/// An extended model: components (yield times normalised pdf) on one observable range.
public struct Model: Sendable {
    public let range: ObservableRange
    public let parameterCount: Int
    public let components: [Component]
    public let constraints: [GaussianConstraint]

    /// Traps on a malformed model (an index outside the parameter vector, a role count the pdf does not take):
    /// configs are validated before a model is built, so this is a programming error.
    public init(range: ObservableRange, parameterCount: Int, components: [Component], constraints: [GaussianConstraint] = []) {
        precondition(range.lower < range.upper, "Model: range lower \(range.lower) must be below upper \(range.upper)")
        precondition(!components.isEmpty, "Model: needs at least one component")
        for c in components {
            let roles = c.kind.roles.count
            precondition((c.kind.minimumRoleCount...roles).contains(c.shapeIndices.count),
                         "Model: component \(c.name) (\(c.kind.rawValue)) takes \(c.kind.minimumRoleCount)...\(roles) shape parameters, got \(c.shapeIndices.count)")
            precondition(([c.yieldIndex] + c.shapeIndices).allSatisfy { (0..<parameterCount).contains($0) },
                         "Model: component \(c.name) has a parameter index outside 0..<\(parameterCount)")
        }
        precondition(constraints.allSatisfy { (0..<parameterCount).contains($0.parameterIndex) && $0.sigma > 0 },
                     "Model: a constraint has a parameter index outside 0..<\(parameterCount) or sigma <= 0")
        self.range = range
        self.parameterCount = parameterCount
        self.components = components
        self.constraints = constraints
    }

    /// One normalised pdf per component, in component order, for an evaluator's private use.
    func makePDFs() -> [any NormalisedPDF] { components.map { $0.kind.makeNormalised(range: range) } }

    /// One toy dataset: each component's event count is Poisson(yield) (yield clamped at >= 0), then that many events
    /// drawn from its pdf by inverting the CDF on the range. Deterministic given the generator's output sequence
    /// (the caller passes a counter-based per-toy stream); uniforms as Double(rng.next() >> 11) * 0x1p-53.
    /// A component whose shape values are outside its pdf's domain contributes no events.
    public func generate<R: RandomNumberGenerator>(parameters: [Double], using rng: inout R) -> [Double] {
        var events: [Double] = []
        for (component, pdf) in zip(components, makePDFs()) {
            let count = Poisson.sample(mean: max(parameters[component.yieldIndex], 0), using: &rng)
            guard pdf.update(shape: component.shape(in: parameters)) else { continue }
            events.reserveCapacity(events.count + count)
            for _ in 0..<count { events.append(pdf.quantile(uniform(&rng))) }
        }
        return events
    }

    /// Density of the full model (sum of yield * normalised pdf) at x — for plots and tests.
    /// Components with shape values outside their domain count as zero.
    public func density(at x: Double, parameters: [Double]) -> Double {
        var total = 0.0
        for (component, pdf) in zip(components, makePDFs()) where pdf.update(shape: component.shape(in: parameters)) {
            total += parameters[component.yieldIndex] * pdf.density(at: x)
        }
        return total
    }
}

extension Component {
    /// This component's shape values gathered from a parameter vector.
    func shape(in parameters: UnsafePointer<Double>) -> ShapeValues {
        var values = SIMD8<Double>()
        for (role, index) in shapeIndices.enumerated() { values[role] = parameters[index] }
        return ShapeValues(values: values, count: shapeIndices.count)
    }

    func shape(in parameters: [Double]) -> ShapeValues {
        parameters.withUnsafeBufferPointer { shape(in: $0.baseAddress!) }
    }
}

/// The uniform variate of the toy generator: the top 53 bits of one output, in [0, 1).
@inline(__always)
func uniform<R: RandomNumberGenerator>(_ rng: inout R) -> Double { Double(rng.next() >> 11) * 0x1p-53 }

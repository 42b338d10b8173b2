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

    /// One toy dataset: each component's event count is Poisson(yield) (yield clamped at >= 0), all counts first
    /// in component order, then each component's events in component order from its pdf's sampler, with
    /// uniforms taken from the generator a buffer at a time. Deterministic given the generator's output
    /// sequence (the caller passes a counter-based per-toy stream). Traps when a component's shape at
    /// `parameters` is outside its pdf's domain (a config's truth is validated before a study generates), so a
    /// component is never dropped silently.
    public func generate<R: UniformSource>(parameters: [Double], using rng: inout R) -> [Double] {
        let counts = components.map { Poisson.sample(mean: max(parameters[$0.yieldIndex], 0), using: &rng) }
        let pdfs = makePDFs()
        for (component, pdf) in zip(components, pdfs) {
            precondition(pdf.update(shape: component.shape(in: parameters)),
                         "Model.generate: component \(component.name) is outside its pdf's domain at \(parameters)")
        }
        let total = counts.reduce(0, +)
        return withoutActuallyEscaping({ (words: UnsafeMutablePointer<UInt64>, n: Int) in rng.fill(words, count: n) }) { refill in
            var uniforms = UniformBuffer(refill: refill)
            // Eight places of slack: samplers store whole lane groups.
            return [Double](unsafeUninitializedCapacity: total + 8) { buffer, initialized in
                var offset = 0
                for (pdf, count) in zip(pdfs, counts) {
                    pdf.sample(count, uniforms: &uniforms, into: buffer.baseAddress! + offset)
                    offset += count
                }
                initialized = total
            }
        }
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

/// A uniform variate in [0, 1) from one output's top 53 bits: the event counts' draws.
@inline(__always)
func uniform<R: RandomNumberGenerator>(_ rng: inout R) -> Double { Double(rng.next() >> 11) * 0x1p-53 }

/// One term of the extended sum: a yield parameter times a normalised density, the product of its factors (one
/// 1-D pdf per observable). Indices point into the model's parameter vector.
public struct Component: Sendable {
    public var name: String
    public var yieldIndex: Int
    public let factors: [Factor]
    /// The shape parameters of every factor, one after the other: the component's roles (stored, as every
    /// likelihood call reads them).
    public let shapeIndices: [Int]

    /// A component of a 1-D model: one library pdf on the model's (first) observable.
    public init(name: String, kind: PDFKind, yieldIndex: Int, shapeIndices: [Int]) {
        self.init(name: name, yieldIndex: yieldIndex, factors: [Factor(pdf: .library(kind), observable: 0, shapeIndices: shapeIndices)])
    }

    public init(name: String, yieldIndex: Int, factors: [Factor]) {
        self.name = name
        self.yieldIndex = yieldIndex
        self.factors = factors
        shapeIndices = factors.flatMap(\.shapeIndices)
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

/// An extended model: components (yield times normalised density) on one or more observables, each with its range.
public struct Model: Sendable {
    public let observables: [ObservableRange]
    public let parameterCount: Int
    public let components: [Component]
    public let constraints: [GaussianConstraint]

    /// The (first) observable's range: the whole story for a 1-D model.
    public var range: ObservableRange { observables[0] }

    public init(range: ObservableRange, parameterCount: Int, components: [Component], constraints: [GaussianConstraint] = []) {
        self.init(observables: [range], parameterCount: parameterCount, components: components, constraints: constraints)
    }

    /// Traps on a malformed model (an index outside the parameter vector or the observables, a role count the pdf
    /// does not take, more than eight roles in a component): configs are validated before a model is built, so
    /// this is a programming error.
    public init(observables: [ObservableRange], parameterCount: Int, components: [Component],
                constraints: [GaussianConstraint] = []) {
        precondition(!observables.isEmpty && observables.allSatisfy { $0.lower < $0.upper }, "Model: every range needs lower < upper")
        precondition(!components.isEmpty, "Model: needs at least one component")
        for c in components {
            precondition(!c.factors.isEmpty && c.shapeIndices.count <= 8, "Model: component \(c.name) needs factors and at most 8 shape parameters in all")
            for f in c.factors {
                let roles = f.pdf.roles.count
                precondition((f.pdf.minimumRoleCount...roles).contains(f.shapeIndices.count),
                             "Model: component \(c.name) (\(f.pdf.name)) takes \(f.pdf.minimumRoleCount)...\(roles) shape parameters, got \(f.shapeIndices.count)")
            }
            precondition(c.factors.map(\.observable).sorted() == Array(observables.indices),
                         "Model: component \(c.name) needs one factor per observable")
            precondition(([c.yieldIndex] + c.shapeIndices).allSatisfy { (0..<parameterCount).contains($0) },
                         "Model: component \(c.name) has a parameter index outside 0..<\(parameterCount)")
        }
        precondition(constraints.allSatisfy { (0..<parameterCount).contains($0.parameterIndex) && $0.sigma > 0 },
                     "Model: a constraint has a parameter index outside 0..<\(parameterCount) or sigma <= 0")
        self.observables = observables
        self.parameterCount = parameterCount
        self.components = components
        self.constraints = constraints
    }

    /// One density per component, in component order, for an evaluator's private use: in a 1-D model the
    /// factor's own pdf (the 1-D kernels, unchanged), else a product.
    func makePDFs() -> [any ComponentDensity] {
        components.map { component -> any ComponentDensity in
            if observables.count == 1 { return component.factors[0].pdf.makeNormalised(range: range) }
            return ProductPDF(factors: component.factors, observables: observables)
        }
    }

    /// Per component, per factor, its 1-D pdf at `parameters` (the generator's and the plots' view); nil for a
    /// factor outside its domain there.
    func factorPDFs(at parameters: [Double]) -> [[(any NormalisedPDF)?]] {
        components.map { component in
            component.factors.map { factor in
                let pdf = factor.pdf.makeNormalised(range: observables[factor.observable])
                return pdf.update(shape: factor.shape(in: parameters)) ? pdf : nil
            }
        }
    }

    /// Density of the full model (sum of yield * normalised density) at a point (one value per observable), for
    /// plots and tests. Components with shape values outside their domain count as zero.
    public func density(at point: [Double], parameters: [Double]) -> Double {
        var total = 0.0
        for (component, pdfs) in zip(components, factorPDFs(at: parameters)) where pdfs.allSatisfy({ $0 != nil }) {
            var value = parameters[component.yieldIndex]
            for (factor, pdf) in zip(component.factors, pdfs) { value *= pdf!.density(at: point[factor.observable]) }
            total += value
        }
        return total
    }

    /// The same for a 1-D model.
    public func density(at x: Double, parameters: [Double]) -> Double { density(at: [x], parameters: parameters) }
}

extension Component {
    /// This component's shape values gathered from a parameter vector.
    func shape(in parameters: UnsafePointer<Double>) -> ShapeValues {
        var values = SIMD8<Double>()
        for (role, index) in shapeIndices.enumerated() { values[role] = parameters[index] }
        return ShapeValues(values: values, count: shapeIndices.count)
    }
}

extension Factor {
    func shape(in parameters: [Double]) -> ShapeValues {
        var values = SIMD8<Double>()
        for (role, index) in shapeIndices.enumerated() { values[role] = parameters[index] }
        return ShapeValues(values: values, count: shapeIndices.count)
    }
}

import Foundation

/// The model's pdfs and yields at one parameter vector, plus the terms that do not depend on the data:
/// shared by the unbinned and binned NLLs. Calls from several threads take turns on a lock (the pdfs hold
/// the current shape values).
final class ParameterPoint: @unchecked Sendable {
    /// NLL value at shape values outside a pdf's domain: larger than any real NLL, finite, and sloping back
    /// along the violated positive roles so the minimizer is pushed out.
    static let outsideDomainValue = 1e12

    let model: Model
    private let lock = NSLock()
    let pdfs: [any ComponentDensity]
    private(set) var yields: [Double]

    init(model: Model) {
        self.model = model
        pdfs = model.makePDFs()
        yields = Array(repeating: 0, count: model.components.count)
    }

    var componentCount: Int { pdfs.count }

    /// Updates every pdf and yield; false if some shape value is outside its pdf's domain.
    func update(_ parameters: UnsafePointer<Double>) -> Bool {
        var valid = true
        for (k, component) in model.components.enumerated() {
            yields[k] = parameters[component.yieldIndex]
            valid = pdfs[k].update(shape: component.shape(in: parameters)) && valid
        }
        return valid
    }

    /// Whether every pdf is inside its domain at `parameters` (`NegativeLogLikelihood.isInDomain`).
    func isInDomain(_ parameters: [Double]) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return parameters.withUnsafeBufferPointer { update($0.baseAddress!) }
    }

    /// The penalty value (and gradient) at a point outside the domain: 1e12 (1 + total violation) where
    /// violation is how far the positive roles are below zero.
    func outsideDomain(_ parameters: UnsafePointer<Double>, gradient: UnsafeMutablePointer<Double>?) -> Double {
        var violation = 0.0
        for (component, pdf) in zip(model.components, pdfs) {
            for role in pdf.positiveRoles where role < component.shapeIndices.count {
                let index = component.shapeIndices[role]
                guard parameters[index] <= 0 else { continue }
                violation -= parameters[index]
                gradient?[index] -= Self.outsideDomainValue
            }
        }
        return Self.outsideDomainValue * (1 + violation)
    }

    /// The Gaussian constraints' second derivatives, 1/sigma^2 on the diagonal, added into `hessian`.
    func addConstraintCurvature(into hessian: UnsafeMutablePointer<Double>) {
        for c in model.constraints { hessian[c.parameterIndex * (model.parameterCount + 1)] += 1 / (c.sigma * c.sigma) }
    }

    /// The Gaussian constraint terms, and their gradient added into `gradient`.
    func constraints(_ parameters: UnsafePointer<Double>, gradient: UnsafeMutablePointer<Double>?) -> Double {
        var total = 0.0
        for c in model.constraints {
            let pull = (parameters[c.parameterIndex] - c.mean) / c.sigma
            total += 0.5 * pull * pull
            gradient?[c.parameterIndex] += pull / c.sigma
        }
        return total
    }

    /// The shared frame of both NLLs: handles points outside the domain and adds the constraints; `data` adds
    /// the data term (and its gradient, into a zeroed `gradient` when there is one) for a valid point.
    func evaluate(_ parameters: [Double], gradientInto gradient: UnsafeMutablePointer<Double>?,
                  data: (UnsafePointer<Double>, UnsafeMutablePointer<Double>?) -> Double) -> Double {
        precondition(parameters.count == model.parameterCount,
                     "NLL: got \(parameters.count) parameters, the model has \(model.parameterCount)")
        lock.lock()
        defer { lock.unlock() }
        return parameters.withUnsafeBufferPointer { p in
            let point = p.baseAddress!
            guard update(point) else { return outsideDomain(point, gradient: gradient) }
            return data(point, gradient) + constraints(point, gradient: gradient)
        }
    }

    /// The same with the gradient into an array, resized to the parameter count if needed and zeroed first.
    func evaluate(_ parameters: [Double], gradient: inout [Double],
                  data: (UnsafePointer<Double>, UnsafeMutablePointer<Double>?) -> Double) -> Double {
        if gradient.count != model.parameterCount {
            gradient = Array(repeating: 0, count: model.parameterCount)
        }
        return gradient.withUnsafeMutableBufferPointer { g in
            g.update(repeating: 0)
            return evaluate(parameters, gradientInto: g.baseAddress!, data: data)
        }
    }

    /// The same with the Hessian too, into an array resized to parameterCount^2 if needed and zeroed first; `data`
    /// adds the data term's into it. Outside the domain the Hessian stays zero: the penalty is linear in the
    /// parameters.
    func evaluate(_ parameters: [Double], gradient: inout [Double], hessian: inout [Double],
                  data: (UnsafePointer<Double>, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Double)
        -> Double {
        let n = model.parameterCount
        if hessian.count != n * n { hessian = Array(repeating: 0, count: n * n) }
        return hessian.withUnsafeMutableBufferPointer { h in
            h.update(repeating: 0)
            let matrix = h.baseAddress!
            return evaluate(parameters, gradient: &gradient) { p, g in
                addConstraintCurvature(into: matrix)
                return data(p, g!, matrix)
            }
        }
    }
}

/// The objective seen from internal coordinates. It fills a preallocated external vector (no allocation
/// per call), counts calls against the shared budget, and applies the chain rule to analytic gradients.
/// Non-finite values are passed on: the algorithms decide whether they can live with them.
///
/// Counting: `nfcn` counts every objective evaluation (value-only or value-and-gradient, since each is one
/// pass over the data); `ngrad` counts the value-and-gradient calls among them.
final class FitFunction {
    let objective: any Objective
    let transform: ParameterTransform
    let up: Double
    /// True when MIGRAD uses the objective's analytic gradient instead of finite differences.
    let analytic: Bool
    private(set) var nfcn = 0
    private(set) var ngrad = 0
    private var external: [Double]
    /// External gradient of the last value-and-gradient call.
    private(set) var externalGradient: [Double]

    init(objective: any Objective, transform: ParameterTransform, up: Double, useGradient: Bool) {
        self.objective = objective
        self.transform = transform
        self.up = up
        analytic = useGradient && objective.providesGradient
        external = transform.parameters.map(\.value)
        externalGradient = [Double](repeating: 0, count: external.count)
    }

    var dimension: Int { transform.count }

    /// Adds calls made through helper functions over the same objective (MINOS's profile fits).
    func addCalls(nfcn: Int, ngrad: Int) {
        self.nfcn += nfcn
        self.ngrad += ngrad
    }

    private func load(_ q: [Double]) {
        for i in 0..<transform.count { external[transform.externalIndex[i]] = transform.toExternal(i, q[i]) }
    }

    private func call() -> Double {
        nfcn += 1
        return objective.value(external)
    }

    func value(_ q: [Double]) -> Double {
        load(q)
        return call()
    }

    /// f(q + d e_i): the finite-difference probe.
    func value(_ q: [Double], shifting i: Int, by d: Double) -> Double {
        load(q)
        external[transform.externalIndex[i]] = transform.toExternal(i, q[i] + d)
        return call()
    }

    /// f(q + di e_i + dj e_j): the off-diagonal HESSE probe.
    func value(_ q: [Double], shifting i: Int, by di: Double, and j: Int, by dj: Double) -> Double {
        load(q)
        external[transform.externalIndex[i]] = transform.toExternal(i, q[i] + di)
        external[transform.externalIndex[j]] = transform.toExternal(j, q[j] + dj)
        return call()
    }

    /// f(q + lambda s): the line-search probe.
    func value(_ q: [Double], along s: [Double], by lambda: Double) -> Double {
        for i in 0..<transform.count {
            external[transform.externalIndex[i]] = transform.toExternal(i, q[i] + lambda * s[i])
        }
        return call()
    }

    /// Value and internal gradient dF/dq = dF/dext * dext/dq.
    @discardableResult
    func valueAndGradient(_ q: [Double], gradient: inout [Double]) -> Double {
        load(q)
        nfcn += 1
        ngrad += 1
        let f = objective.valueAndGradient(external, gradient: &externalGradient)
        if externalGradient.count != external.count {
            // A gradient of the wrong length is as unusable as a NaN one.
            externalGradient = [Double](repeating: .nan, count: external.count)
        }
        for i in 0..<transform.count {
            gradient[i] = externalGradient[transform.externalIndex[i]] * transform.derivative(i, q[i])
        }
        return f
    }

    /// Internal Hessian from the objective's analytic one: J H J plus the d2ext/dq2 * dF/dext term on the
    /// diagonal (without it, limited parameters get wrong curvature). Costs one gradient call.
    func internalHessian(_ q: [Double]) -> [Double]? {
        var g = [Double](repeating: 0, count: dimension)
        valueAndGradient(q, gradient: &g)
        load(q)
        let h = objective.hessian(external)
        let n = dimension, ne = external.count
        guard h.count == ne * ne else { return nil }
        var out = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            let ei = transform.externalIndex[i]
            for j in 0..<n {
                let ej = transform.externalIndex[j]
                out[i * n + j] = transform.derivative(i, q[i]) * h[ei * ne + ej] * transform.derivative(j, q[j])
            }
            out[i * n + i] += transform.secondDerivative(i, q[i]) * externalGradient[ei]
        }
        return out
    }
}

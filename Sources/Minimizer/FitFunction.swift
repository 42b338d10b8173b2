/// The objective seen from internal coordinates. It fills a preallocated external vector (no allocation
/// per call), counts calls against the shared budget, and applies the chain rule to analytic gradients.
/// Non-finite values are passed on: the algorithms decide whether they can live with them.
///
/// Counting: `nfcn` counts every objective evaluation (value-only, value-and-gradient or Hessian, since each is
/// one pass over the data); `ngrad` counts the value-and-gradient calls among them.
final class FitFunction {
    let objective: any Objective
    let transform: ParameterTransform
    let up: Double
    /// True when MIGRAD uses the objective's analytic gradient instead of finite differences.
    let analytic: Bool
    private(set) var nfcn = 0
    private(set) var ngrad = 0
    private var external: [Double]
    /// The internal point whose external values `external` holds (valid when `loadedValid`): finite-
    /// difference probes around one point then transform only the shifted parameter.
    private var loaded: [Double]
    private var loadedValid = false
    /// External gradient of the last value-and-gradient call.
    private(set) var externalGradient: [Double]

    init(objective: any Objective, transform: ParameterTransform, up: Double, useGradient: Bool) {
        self.objective = objective
        self.transform = transform
        self.up = up
        analytic = useGradient && objective.providesGradient
        external = transform.parameters.map(\.value)
        externalGradient = [Double](repeating: 0, count: external.count)
        loaded = [Double](repeating: 0, count: transform.count)
    }

    var dimension: Int { transform.count }

    /// Adds calls made through helper functions over the same objective (MINOS's profile fits).
    func addCalls(nfcn: Int, ngrad: Int) {
        self.nfcn += nfcn
        self.ngrad += ngrad
    }

    private func load(_ q: [Double]) {
        if loadedValid && loaded == q { return }
        for i in 0..<transform.count {
            loaded[i] = q[i]
            external[transform.externalIndex[i]] = transform.toExternal(i, q[i])
        }
        loadedValid = true
    }

    /// Calls the objective with parameter i (and j) moved, then puts the loaded values back.
    private func callShifted(_ q: [Double], _ i: Int, _ di: Double, _ j: Int? = nil, _ dj: Double = 0) -> Double {
        load(q)
        let ei = transform.externalIndex[i], savedI = external[ei]
        external[ei] = transform.toExternal(i, q[i] + di)
        var savedJ = 0.0
        if let j {
            savedJ = external[transform.externalIndex[j]]
            external[transform.externalIndex[j]] = transform.toExternal(j, q[j] + dj)
        }
        let f = call()
        external[ei] = savedI
        if let j { external[transform.externalIndex[j]] = savedJ }
        return f
    }

    private func call() -> Double {
        nfcn += 1
        return objective.value(external)
    }

    func value(_ q: [Double]) -> Double {
        load(q)
        return call()
    }

    /// f at an external point (the error self-check's probes where the user reads the errors).
    func value(external x: [Double]) -> Double {
        nfcn += 1
        return objective.value(x)
    }

    /// f(q + d e_i): the finite-difference probe.
    func value(_ q: [Double], shifting i: Int, by d: Double) -> Double {
        callShifted(q, i, d)
    }

    /// f(q + di e_i + dj e_j): the off-diagonal HESSE probe.
    func value(_ q: [Double], shifting i: Int, by di: Double, and j: Int, by dj: Double) -> Double {
        callShifted(q, i, di, j, dj)
    }

    /// f(q + lambda s): the line-search probe.
    func value(_ q: [Double], along s: [Double], by lambda: Double) -> Double {
        loadedValid = false
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
        chainRule(q, gradient: &gradient)
        return f
    }

    /// dF/dq from the external gradient just computed at q.
    private func chainRule(_ q: [Double], gradient: inout [Double]) {
        if externalGradient.count != external.count {
            // A gradient of the wrong length is as unusable as a NaN one.
            externalGradient = [Double](repeating: .nan, count: external.count)
        }
        for i in 0..<transform.count {
            gradient[i] = externalGradient[transform.externalIndex[i]] * transform.derivative(i, q[i])
        }
    }

    /// Value, internal gradient and internal Hessian from the objective's analytic ones in one call (one pass over
    /// the data, counted once in `nfcn`, not in `ngrad`). The Hessian is J H J plus the d2ext/dq2 * dF/dext term on
    /// the diagonal (without it, limited parameters get wrong curvature); nil when the objective's has the wrong
    /// size.
    func valueGradientAndHessian(_ q: [Double], gradient: inout [Double]) -> (value: Double, hessian: [Double]?) {
        load(q)
        nfcn += 1
        var h: [Double] = []
        let f = objective.valueGradientAndHessian(external, gradient: &externalGradient, hessian: &h)
        chainRule(q, gradient: &gradient)
        let n = dimension, ne = external.count
        guard h.count == ne * ne else { return (f, nil) }
        var out = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            let ei = transform.externalIndex[i]
            for j in 0..<n {
                let ej = transform.externalIndex[j]
                out[i * n + j] = transform.derivative(i, q[i]) * h[ei * ne + ej] * transform.derivative(j, q[j])
            }
            out[i * n + i] += transform.secondDerivative(i, q[i]) * externalGradient[ei]
        }
        return (f, out)
    }
}

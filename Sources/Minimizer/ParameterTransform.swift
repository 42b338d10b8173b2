import Foundation

/// Maps Minuit's internal vector q (free parameters only, unbounded) to the external parameters the
/// objective sees, with Minuit2's sin transform for two-sided limits and sqrt transforms for one-sided
/// ones (MnParameterTransformation), so MIGRAD can step freely while the objective never leaves the limits.
struct ParameterTransform: Sendable {
    enum Kind: Sendable { case free, both(Double, Double), lower(Double), upper(Double) }

    /// Every external parameter, in user order.
    let parameters: [FitParameter]
    /// External index of each internal parameter.
    let externalIndex: [Int]
    /// Limit kind of each internal parameter.
    let kinds: [Kind]

    /// Parameters whose limits coincide are fixed at that value, as Minuit does.
    init(_ parameters: [FitParameter]) {
        self.parameters = parameters.map { p in
            guard let lo = p.lower, let hi = p.upper, lo == hi else { return p }
            var fixed = p
            fixed.value = lo
            fixed.isFixed = true
            return fixed
        }
        var idx: [Int] = []
        var kinds: [Kind] = []
        for (i, p) in self.parameters.enumerated() where !p.isFixed {
            idx.append(i)
            switch (p.lower, p.upper) {
            case let (lo?, hi?): kinds.append(.both(lo, hi))
            case let (lo?, nil): kinds.append(.lower(lo))
            case let (nil, hi?): kinds.append(.upper(hi))
            case (nil, nil): kinds.append(.free)
            }
        }
        externalIndex = idx
        self.kinds = kinds
    }

    var count: Int { externalIndex.count }

    func isLimited(_ i: Int) -> Bool {
        if case .free = kinds[i] { return false }
        return true
    }

    func toExternal(_ i: Int, _ q: Double) -> Double {
        switch kinds[i] {
        case .free: return q
        case let .both(lo, hi): return lo + 0.5 * (hi - lo) * (sin(q) + 1)
        case let .lower(lo): return lo - 1 + (q * q + 1).squareRoot()
        case let .upper(hi): return hi + 1 - (q * q + 1).squareRoot()
        }
    }

    func toInternal(_ i: Int, _ x: Double) -> Double {
        switch kinds[i] {
        case .free: return x
        case let .both(lo, hi):
            let y = 2 * (x - lo) / (hi - lo) - 1
            if y * y > 1 - Precision.eps2 {
                let edge = Double.pi / 2 - 8 * Precision.eps2.squareRoot()
                return y < 0 ? -edge : edge
            }
            return asin(y)
        case let .lower(lo):
            let y = x - lo + 1
            return y * y < 1 ? 0 : (y * y - 1).squareRoot()
        case let .upper(hi):
            let y = hi - x + 1
            return y * y < 1 ? 0 : (y * y - 1).squareRoot()
        }
    }

    /// dExt/dq: the chain-rule factor for gradients and the Jacobian for the covariance.
    func derivative(_ i: Int, _ q: Double) -> Double {
        switch kinds[i] {
        case .free: return 1
        case let .both(lo, hi): return 0.5 * (hi - lo) * cos(q)
        case .lower: return q / (q * q + 1).squareRoot()
        case .upper: return -q / (q * q + 1).squareRoot()
        }
    }

    /// d2Ext/dq2: needed to turn an analytic external Hessian into the internal one.
    func secondDerivative(_ i: Int, _ q: Double) -> Double {
        switch kinds[i] {
        case .free: return 0
        case let .both(lo, hi): return -0.5 * (hi - lo) * sin(q)
        case .lower: return 1 / pow(q * q + 1, 1.5)
        case .upper: return -1 / pow(q * q + 1, 1.5)
        }
    }

    /// External start values clipped into their limits, then mapped to internal.
    func initialInternal() -> [Double] {
        (0..<count).map { i in
            let p = parameters[externalIndex[i]]
            var x = p.value
            if let lo = p.lower { x = max(x, lo) }
            if let hi = p.upper { x = min(x, hi) }
            return toInternal(i, x)
        }
    }

    /// Full external vector (fixed parameters at their values) for internal point q.
    func external(_ q: [Double]) -> [Double] {
        var x = parameters.map(\.value)
        for i in 0..<count { x[externalIndex[i]] = toExternal(i, q[i]) }
        return x
    }

    /// The error Minuit2 displays for an internal parameter with internal error e (Int2extError).
    func externalError(_ i: Int, _ q: Double, _ e: Double) -> Double {
        guard isLimited(i) else { return e }
        let x = toExternal(i, q)
        var du1 = toExternal(i, q + e) - x
        let du2 = toExternal(i, q - e) - x
        if case let .both(lo, hi) = kinds[i], e > 1 { du1 = hi - lo }
        return 0.5 * (abs(du1) + abs(du2))
    }
}

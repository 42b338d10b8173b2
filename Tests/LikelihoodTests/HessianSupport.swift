import Foundation
@testable import Likelihood

/// Two finite-difference Hessians that use nothing of the analytic Hessian, and the criterion the tests hold
/// the analytic one to. Both assume the NLL is twice differentiable inside their stencil, which a Crystal
/// Ball's is not where an event crosses from core to tail (d2 log g jumps there): the tests keep the data
/// clear of the junction (`HessianTests.clearOfJunction`).
enum FiniteDifferenceHessian {
    /// Step of parameter i: `relative` of its size (0.1 at least), as `numericalGradient`.
    static func step(_ p: [Double], _ i: Int, relative: Double) -> Double { relative * max(abs(p[i]), 0.1) }

    /// Central differences of the analytic gradient (the NLL's own, tested against values elsewhere) with one
    /// Richardson step, symmetrised.
    static func fromGradients(_ nll: NegativeLogLikelihood, at p: [Double], relativeStep: Double = 1e-6) -> [Double] {
        let n = p.count
        var h = [Double](repeating: 0, count: n * n)
        func difference(_ i: Int, _ d: Double) -> [Double] {
            var up = p, down = p, gu = [Double](), gd = [Double]()
            up[i] += d
            down[i] -= d
            _ = nll.valueAndGradient(up, gradient: &gu)
            _ = nll.valueAndGradient(down, gradient: &gd)
            return zip(gu, gd).map { ($0 - $1) / (2 * d) }
        }
        for i in 0..<n {
            let d = step(p, i, relative: relativeStep)
            let coarse = difference(i, d), fine = difference(i, d / 2)
            for j in 0..<n { h[j * n + i] = (4 * fine[j] - coarse[j]) / 3 }
        }
        return symmetrised(h, n)
    }

    /// Second differences of values with one Richardson step: (f(+) - 2f + f(-))/d^2 on the diagonal,
    /// (f(++) - f(+-) - f(-+) + f(--))/(4 d_i d_j) off it. Step i is a hundredth of parameter i's error scale
    /// 1/sqrt|H_ii| (from the gradient differences' diagonal), so the NLL changes by ~5e-5 over it whatever the
    /// parameter's units: the rounding of values up to 1e5 stays below 1e-6 of the curvature, and the Richardson
    /// step's truncation (fourth order in the step) far below that. A parameter the data hardly constrain (a
    /// Crystal Ball's n of 20 in a far tail: error scale ~800) would get a step of a large part of its value,
    /// over which the NLL is far from quadratic: the step is capped at 5% of the parameter's size.
    static func fromValues(_ nll: NegativeLogLikelihood, at p: [Double]) -> [Double] {
        let n = p.count, f0 = nll.value(p), byGradients = fromGradients(nll, at: p), c = 0.01
        let steps = (0..<n).map { i in
            let curvature = abs(byGradients[i * n + i])
            return curvature > 0 && curvature.isFinite
                ? min(c / curvature.squareRoot(), step(p, i, relative: 0.05)) : step(p, i, relative: 1e-4)
        }
        func shifted(_ i: Int, _ di: Double, _ j: Int, _ dj: Double) -> Double {
            var q = p
            q[i] += di
            q[j] += dj
            return nll.value(q)
        }
        func second(_ i: Int, _ j: Int, _ scale: Double) -> Double {
            let di = scale * steps[i], dj = scale * steps[j]
            if i == j { return (shifted(i, di, i, 0) - 2 * f0 + shifted(i, -di, i, 0)) / (di * di) }
            return (shifted(i, di, j, dj) - shifted(i, di, j, -dj) - shifted(i, -di, j, dj) + shifted(i, -di, j, -dj))
                / (4 * di * dj)
        }
        var h = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                let value = (4 * second(i, j, 0.5) - second(i, j, 1)) / 3
                h[i * n + j] = value
                h[j * n + i] = value
            }
        }
        return h
    }

    private static func symmetrised(_ h: [Double], _ n: Int) -> [Double] {
        var s = h
        for i in 0..<n { for j in 0..<n { s[i * n + j] = 0.5 * (h[i * n + j] + h[j * n + i]) } }
        return s
    }

    /// The criterion: every entry within `tolerance` of the reference, relative to max(|reference_ij|,
    /// 0.01 sqrt|reference_ii reference_jj|). Each diagonal entry is held to its own size, and an off-diagonal one
    /// to its size or, when it is tiny, to a hundredth of its row and column's curvature (an error below 1e-5 in
    /// correlation units), so no entry passes for being small beside a large one elsewhere. Returns the worst
    /// ratio of error to allowance (pass: <= 1).
    static func worstRatio(_ analytic: [Double], _ reference: [Double], dimension n: Int,
                           tolerance: Double = 1e-3) -> Double {
        var worst = 0.0
        for i in 0..<n {
            for j in 0..<n {
                let r = reference[i * n + j], floor = 0.01 * abs(reference[i * n + i] * reference[j * n + j]).squareRoot()
                let allowance = tolerance * max(abs(r), floor)
                let ratio = abs(analytic[i * n + j] - r) / allowance
                worst = max(worst, ratio.isNaN ? .infinity : ratio)
            }
        }
        return worst
    }
}

extension NegativeLogLikelihood {
    /// The analytic Hessian, after checking that the Hessian call's value and gradient are `valueAndGradient`'s.
    func checkedHessian(at p: [Double]) -> (hessian: [Double], consistent: Bool) {
        var g = [Double](), gh = [Double](), h = [Double]()
        let value = valueAndGradient(p, gradient: &g)
        let valueWithHessian = valueGradientAndHessian(p, gradient: &gh, hessian: &h)
        return (h, value == valueWithHessian && g == gh && h.count == p.count * p.count)
    }

    /// The worst ratios (`FiniteDifferenceHessian.worstRatio`) against both references, printed when above 1.
    func hessianRatios(at p: [Double], label: String) -> (gradients: Double, values: Double, consistent: Bool) {
        let (h, consistent) = checkedHessian(at: p)
        let n = p.count
        let byGradients = FiniteDifferenceHessian.worstRatio(h, FiniteDifferenceHessian.fromGradients(self, at: p), dimension: n)
        let byValues = FiniteDifferenceHessian.worstRatio(h, FiniteDifferenceHessian.fromValues(self, at: p), dimension: n)
        if byGradients > 1 || byValues > 1 || !consistent {
            print("\(label) at \(p): analytic \(h)\n  by gradients \(FiniteDifferenceHessian.fromGradients(self, at: p))"
                  + "\n  by values \(FiniteDifferenceHessian.fromValues(self, at: p))")
        }
        return (byGradients, byValues, consistent)
    }
}

import Foundation
import Testing
@testable import Minimizer

/// Section 11 of minuit2-migrad.md. Expected numbers are from traced iminuit 2.33.0 runs (iterate = 1,
/// the same objectives written in Python); nfcn must agree within 2, and does so exactly. Where rounding
/// steers the path (flat functions), the iterations are bitwise those of Minuit2.
struct ReferenceCaseTests {
    /// (strategy, nfcn) pairs and the values/errors of one case.
    func check(_ objective: any Objective, _ parameters: [FitParameter], up: Double = 1, tolerance: Double = 0.1,
               nfcn: [Int: Int], values: [Double]? = nil, errors: [Double]? = nil, strategyForValues: Int = 1,
               valueTolerance: Double = 1e-6, errorTolerance: Double = 1e-5) {
        for (strategy, expected) in nfcn.sorted(by: { $0.key < $1.key }) {
            let r = referenceFit(objective, parameters, strategy: strategy, tolerance: tolerance, up: up).result
            #expect(abs(r.nfcn - expected) <= 2, "strategy \(strategy): nfcn \(r.nfcn), expected \(expected)")
            #expect(r.isValid)
            guard strategy == strategyForValues else { continue }
            for (k, v) in (values ?? []).enumerated() {
                #expect(close(r.values[k], v, valueTolerance), "value \(k): \(r.values[k]) vs \(v)")
            }
            for (k, e) in (errors ?? []).enumerated() {
                #expect(close(r.errors[k], e, errorTolerance * max(1, abs(e))), "error \(k): \(r.errors[k]) vs \(e)")
            }
        }
    }

    @Test func case1Quartic() {
        check(Function { p in let d = p[0] - 1; return d * d + 0.1 * d * d * d * d },
              [FitParameter(name: "x", value: 0, error: 0.1)], nfcn: [0: 14, 1: 19, 2: 26],
              values: [0.9999985036766168], errors: [1.0], valueTolerance: 1e-15)
    }

    @Test func case2Separable() {
        check(Function { p in 10 + p[0] * p[0] + (p[1] - 1) * (p[1] - 1) / 4 }, params([5, 3]),
              nfcn: [0: 14, 1: 24, 2: 34], values: [0, 1], errors: [1, 2])
    }

    @Test func case3Correlated() {
        let f = Function { p in 10 + p[0] * p[0] + (p[1] - 1) * (p[1] - 1) / 4 + 0.5 * p[0] * p[1] }
        check(f, params([5, 3]), nfcn: [0: 21, 1: 31, 2: 34], values: [-1.0 / 3, 4.0 / 3])
        let r = referenceFit(f, params([5, 3])).result
        let expected = [4.0 / 3, -4.0 / 3, -4.0 / 3, 16.0 / 3]
        for k in 0..<4 { #expect(close(r.covariance[k], expected[k], 1e-8)) }
        #expect(close(r.correlation(0, 1), -0.5, 1e-8))
    }

    /// iminuit's tests/test_minuit.py func0: (x-2)^2/4 + exp((y-5)^2) + 10 from (0, 0).
    @Test func case4IminuitFunc0() {
        check(Function { p in (p[0] - 2) * (p[0] - 2) / 4 + exp((p[1] - 5) * (p[1] - 5)) + 10 }, params([0, 0]),
              nfcn: [0: 184, 1: 212, 2: 232], values: [2.0032083981, 4.9962087974], errors: [2.0, 0.99997773],
              valueTolerance: 1e-9)
    }

    @Test func case5Rosenbrock() {
        check(Function { p in let a = 1 - p[0], b = p[1] - p[0] * p[0]; return a * a + 100 * b * b }, params([0, 0]),
              nfcn: [0: 119, 1: 140, 2: 162], values: [0.9941491857817314, 0.9882721512710262], valueTolerance: 1e-9)
    }

    /// The doc's Beale start is unknown (63/75/109 reproduced from no start tried); these are iminuit's
    /// counts from (0, 0).
    @Test func case6Beale() {
        check(Function { p in
            let x = p[0], y = p[1]
            let a = 1.5 - x + x * y, b = 2.25 - x + x * y * y, c = 2.625 - x + x * y * y * y
            return a * a + b * b + c * c
        }, params([0, 0]), tolerance: 1e-4, nfcn: [0: 61, 1: 75, 2: 92], values: [3.0000228797, 0.5000086359],
              errors: [2.50178952, 0.65441578], valueTolerance: 1e-9)
    }

    /// The doc's counts are from (1, 1) (any (a, a) start gives them).
    @Test func case6Matyas() {
        check(Function { p in 0.26 * (p[0] * p[0] + p[1] * p[1]) - 0.48 * p[0] * p[1] }, params([1, 1]),
              tolerance: 1e-4, nfcn: [0: 16, 1: 26, 2: 34], values: [0, 0], errors: [5.09901951, 5.09901951])
    }

    /// The doc's counts are from (0.2, 0.3).
    @Test func case6Ackley() {
        check(Function { p in
            let x = p[0], y = p[1]
            return -20 * exp(-0.2 * (0.5 * (x * x + y * y)).squareRoot())
                - exp(0.5 * (cos(2 * Double.pi * x) + cos(2 * Double.pi * y))) + M_E + 20
        }, params([0.2, 0.3]), tolerance: 1e-4, nfcn: [0: 109, 1: 98, 2: 192], values: [0, 0],
              errors: [0.000213084857, 0.000293997617], errorTolerance: 1e-10)
    }

    /// The doc's mu, sigma and errors are the exact MLE (mean, rms, rms/sqrt(200), rms/sqrt(400)); MIGRAD
    /// stops within its EDM goal, 5e-5 from it, exactly where iminuit stops.
    @Test func case7GaussianNLL() {
        check(Function(gaussianNLL), params([0.5, 1.5]), up: 0.5, nfcn: [0: 36, 1: 48, 2: 62],
              values: [1.0118977661901611, 2.119964031112814], errors: [0.14990411408584484, 0.10602963197336439],
              valueTolerance: 1e-14, errorTolerance: 1e-14)
        let r = referenceFit(Function(gaussianNLL), params([0.5, 1.5]), up: 0.5).result
        #expect(close(r.values[0], 1.011945, 1e-4) && close(r.values[1], 2.119545, 5e-4))
        #expect(close(r.errors[0], 0.149874, 1e-4) && close(r.errors[1], 0.105977, 1e-4))
    }

    @Test func case7Minos() {
        // iminuit 2.33.0 per strategy: mu (lower, upper), sigma (lower, upper), and the calls of each.
        // Strategy 2 gives the doc's numbers.
        let expected: [Int: ([Double], [Int])] = [
            0: ([-0.150015, 0.15011, -0.102138, 0.110157], [14, 21]),
            1: ([-0.150015, 0.15011, -0.102134, 0.110145], [12, 26]),
            2: ([-0.150085, 0.150039, -0.1018, 0.110478], [12, 27]),
        ]
        for (strategy, (e, calls)) in expected {
            var m = referenceFit(Function(gaussianNLL), params([0.5, 1.5]), strategy: strategy, up: 0.5)
            let r = m.minos([0, 1])
            let mu = try! #require(r.minos[0]), s = try! #require(r.minos[1])
            #expect(mu.isValid && s.isValid)
            #expect(mu.nfcn == calls[0] && s.nfcn == calls[1], "strategy \(strategy): \(mu.nfcn), \(s.nfcn)")
            for (got, want) in zip([mu.lower, mu.upper, s.lower, s.upper], e) { #expect(close(got, want, 1e-6)) }
        }
    }

    @Test func case8Poisson() {
        let f = Function { p in p[0] - 10 * log(p[0]) }
        check(f, params([10]), up: 0.5, nfcn: [0: 7, 1: 14, 2: 20], values: [10], errors: [3.16228])
        for strategy in 0...2 {
            var m = referenceFit(f, params([10]), strategy: strategy, up: 0.5)
            let r = m.minos([0])
            let e = try! #require(r.minos[0])
            #expect(e.isValid && e.nfcn == 6)
            #expect(close(e.lower, -2.838105, 2e-6) && close(e.upper, 3.504033, 2e-6))
        }
    }

    @Test func case9MixedLimits() {
        let ps = [FitParameter(name: "a", value: 0.2, lower: 0, upper: 1), FitParameter(name: "b", value: 1, lower: 0),
                  FitParameter(name: "c", value: -1, upper: 0)]
        check(Function { p in (p[0] - 0.5) * (p[0] - 0.5) / 0.04 + (p[1] - 3) * (p[1] - 3) + (p[2] + 2) * (p[2] + 2) / 4 },
              ps, nfcn: [0: 39, 1: 57, 2: 75], values: [0.5007299878, 3.0027483258, -2.0095250306],
              errors: [0.19471, 0.99777, 1.91354], valueTolerance: 1e-9, errorTolerance: 1e-5)
    }

    @Test func case10LinearIsAboveMaxEdm() {
        for (strategy, calls) in [0: 21, 1: 32, 2: 37] {
            let r = referenceFit(Function { p in -p[0] }, params([0]), strategy: strategy).result
            #expect(!r.isValid && r.isAboveMaxEdm && !r.hasReachedCallLimit)
            #expect(r.nfcn == calls)
        }
    }

    @Test func case10NegativeCurvatureSeed() {
        let r = referenceFit(Function { p in -p[0] * p[0] }, params([0])).result
        #expect(!r.isValid && r.nfcn == 33)
        #expect(r.failureReason?.contains("seed EDM negative") == true)
        #expect(close(r.values[0], -1.7332119071, 1e-9))
    }

    @Test func case10DegenerateIsMadePosDef() {
        let r = referenceFit(Function { p in (p[0] - p[1]) * (p[0] - p[1]) }, params([0, 0])).result
        #expect(r.isValid && !r.hasAccurateCovariance && r.hasMadePositiveDefinite)
        #expect(r.nfcn == 19 && close(r.errors[0], 15.81928413, 1e-6))
    }

    @Test func case10AtLimit() {
        for sign in [1.0, -1.0] {
            let r = referenceFit(Function { p in (p[0] - sign * 1.2) * (p[0] - sign * 1.2) },
                                 [FitParameter(name: "x", value: 0, lower: -1, upper: 1)]).result
            #expect(r.isValid && r.hasParametersAtLimit && r.nfcn == 21)
            #expect(close(r.values[0], sign * 0.99997, 1e-5))
        }
    }

    @Test func case10CallLimitInsideHesse() {
        let f = Function { p in p.reduce(0) { $0 + pow($1 - 1.2, 4) } }
        let r = referenceFit(f, params([Double](repeating: 10, count: 10)), maxCalls: 200).result
        #expect(!r.isValid && r.hasReachedCallLimit && r.nfcn == 201)
        #expect(referenceFit(f, params([Double](repeating: 10, count: 10)), strategy: 0, maxCalls: 200).result.nfcn == 186)
    }
}

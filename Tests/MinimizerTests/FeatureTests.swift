import Foundation
import Testing
@testable import Minimizer

/// An objective with an analytic Hessian too (case 3's quadratic).
struct QuadraticWithHessian: Objective {
    func value(_ p: [Double]) -> Double { 10 + p[0] * p[0] + (p[1] - 1) * (p[1] - 1) / 4 + 0.5 * p[0] * p[1] }
    var providesGradient: Bool { true }
    func valueAndGradient(_ p: [Double], gradient: inout [Double]) -> Double {
        gradient[0] = 2 * p[0] + 0.5 * p[1]
        gradient[1] = (p[1] - 1) / 2 + 0.5 * p[0]
        return value(p)
    }
    var providesHessian: Bool { true }
    func hessian(_ p: [Double]) -> [Double] { [2, 0.5, 0.5, 0.5] }
}

/// Case 9 with an analytic gradient and Hessian: the internal Hessian of limited parameters needs the
/// d2ext/dq2 * dF/dext term.
struct MixedLimitsWithHessian: Objective {
    func value(_ p: [Double]) -> Double {
        (p[0] - 0.5) * (p[0] - 0.5) / 0.04 + (p[1] - 3) * (p[1] - 3) + (p[2] + 2) * (p[2] + 2) / 4
    }
    var providesGradient: Bool { true }
    func valueAndGradient(_ p: [Double], gradient: inout [Double]) -> Double {
        gradient = [(p[0] - 0.5) / 0.02, 2 * (p[1] - 3), (p[2] + 2) / 2]
        return value(p)
    }
    var providesHessian: Bool { true }
    func hessian(_ p: [Double]) -> [Double] { [50, 0, 0, 0, 2, 0, 0, 0, 0.5] }
}

struct FeatureTests {
    let gaussian = FunctionWithGradient(f: gaussianNLL, g: gaussianNLLGradient)

    @Test func analyticGradientReachesTheSameMinimumWithFewerCalls() {
        let numerical = referenceFit(Function(gaussianNLL), params([0.5, 1.5]), up: 0.5).result
        var m = Minuit(objective: gaussian, parameters: params([0.5, 1.5]),
                       settings: MinimizerSettings(errorDefinition: 0.5))
        let r = m.migrad()
        #expect(r.isValid && r.ngrad > 0)
        #expect(r.nfcn < numerical.nfcn, "analytic \(r.nfcn) calls vs numerical \(numerical.nfcn)")
        #expect(close(r.values[0], 1.0119454, 1e-3) && close(r.values[1], 2.1195448, 1e-3))
        #expect(close(r.errors[0], 0.149874, 2e-4) && close(r.errors[1], 0.105977, 2e-4))
        // Exact profile crossings: mu +- s sqrt(e^(1/N) - 1) = +-0.150063; sigma from the doc's MINOS.
        let minos = m.minos([0, 1])
        print("analytic case 7: nfcn \(r.nfcn) ngrad \(r.ngrad) values \(r.values) errors \(r.errors)",
              "minos \(minos.minos[0]!.lower) \(minos.minos[0]!.upper) \(minos.minos[1]!.lower) \(minos.minos[1]!.upper)",
              "total nfcn \(minos.nfcn)")
        #expect(close(minos.minos[0]!.lower, -0.150063, 2e-4) && close(minos.minos[0]!.upper, 0.150063, 2e-4))
        #expect(close(minos.minos[1]!.lower, -0.1018, 5e-4) && close(minos.minos[1]!.upper, 0.110478, 5e-4))
    }

    /// iminuit's func0 from (0, 0): exp(25) at the start. g2 from the start steps alone made MIGRAD stop
    /// on a false minimum at y = 2.8; the seed's gradient-difference curvature finds (2, 5).
    @Test func analyticGradientOnIminuitFunc0() {
        let f = FunctionWithGradient(f: { p in (p[0] - 2) * (p[0] - 2) / 4 + exp((p[1] - 5) * (p[1] - 5)) + 10 },
                                     g: { p in [(p[0] - 2) / 2, 2 * (p[1] - 5) * exp((p[1] - 5) * (p[1] - 5))] })
        for strategy in 0...2 {
            var m = Minuit(objective: f, parameters: params([0, 0]), settings: MinimizerSettings(strategy: strategy))
            let r = m.migrad()
            #expect(r.isValid && close(r.values[0], 2, 5e-3) && close(r.values[1], 5, 5e-3))
            #expect(close(r.errors[0], 2, 2e-3) && close(r.errors[1], 1, 2e-3))
        }
    }

    @Test func hesseAfterAnalyticMigradReusesItsHesse() {
        var m = Minuit(objective: gaussian, parameters: params([0.5, 1.5]),
                       settings: MinimizerSettings(strategy: 2, errorDefinition: 0.5))
        let a = m.migrad()
        let b = m.hesse()
        // No gradient call is repeated; the only new calls are the error self-check's four per parameter.
        #expect(a.isValid && b.isValid && a.ngrad == b.ngrad && b.nfcn == a.nfcn + 4 * 2 && a.covariance == b.covariance)
    }

    @Test func analyticGradientWithLimits() {
        let f: @Sendable ([Double]) -> Double = { p in
            (p[0] - 0.5) * (p[0] - 0.5) / 0.04 + (p[1] - 3) * (p[1] - 3) + (p[2] + 2) * (p[2] + 2) / 4
        }
        let g: @Sendable ([Double]) -> [Double] = { p in [(p[0] - 0.5) / 0.02, 2 * (p[1] - 3), (p[2] + 2) / 2] }
        let ps = [FitParameter(name: "a", value: 0.2, lower: 0, upper: 1), FitParameter(name: "b", value: 1, lower: 0),
                  FitParameter(name: "c", value: -1, upper: 0)]
        var m = Minuit(objective: FunctionWithGradient(f: f, g: g), parameters: ps)
        let r = m.migrad()
        #expect(r.isValid)
        for (got, want) in zip(r.values, [0.5, 3, -2]) { #expect(close(got, want, 2e-2)) }
        for (got, want) in zip(r.errors, [0.19471, 0.99777, 1.91354]) { #expect(close(got, want, 2e-2 * want)) }
    }

    @Test func analyticHessianGivesTheExactCovariance() {
        var m = Minuit(objective: QuadraticWithHessian(), parameters: params([5, 3]))
        let r = m.migrad()
        #expect(r.isValid)
        let expected = [4.0 / 3, -4.0 / 3, -4.0 / 3, 16.0 / 3]
        let h = m.hesse()
        for k in 0..<4 { #expect(close(h.covariance[k], expected[k], 1e-9)) }
        #expect(close(r.values[0], -1.0 / 3, 1e-4))
    }

    @Test func analyticHessianWithLimits() {
        let ps = [FitParameter(name: "a", value: 0.2, lower: 0, upper: 1), FitParameter(name: "b", value: 1, lower: 0),
                  FitParameter(name: "c", value: -1, upper: 0)]
        var m = Minuit(objective: MixedLimitsWithHessian(), parameters: ps)
        m.migrad()
        let r = m.hesse()
        #expect(r.isValid)
        for (got, want) in zip(r.values, [0.5, 3, -2]) { #expect(close(got, want, 2e-2)) }
        // External covariance diagonal is 2 up / curvature: 0.04, 1, 4.
        for (k, want) in [0.04, 1, 4].enumerated() { #expect(close(r.covariance[k * 4], want, 0.02 * want)) }

        // Away from the minimum the gradient is not zero, and the d2ext/dq2 term matters: the analytic
        // Hessian must agree with differences of the analytic gradient in internal coordinates.
        struct GradientOnly: Objective {
            let inner = MixedLimitsWithHessian()
            func value(_ p: [Double]) -> Double { inner.value(p) }
            var providesGradient: Bool { true }
            func valueAndGradient(_ p: [Double], gradient: inout [Double]) -> Double {
                inner.valueAndGradient(p, gradient: &gradient)
            }
        }
        var withHessian = Minuit(objective: MixedLimitsWithHessian(), parameters: ps)
        var withGradient = Minuit(objective: GradientOnly(), parameters: ps)
        let a = withHessian.hesse(), b = withGradient.hesse()
        for k in 0..<9 { #expect(close(a.covariance[k], b.covariance[k], 1e-5 * max(1, abs(b.covariance[k])))) }
    }

    @Test func hesseCacheGivesIdenticalResultsWithFewerCalls() {
        for strategy in 0...2 {
            var settings = MinimizerSettings(strategy: strategy, errorDefinition: 0.5, maxRetries: 0)
            var cached = Minuit(objective: Function(gaussianNLL), parameters: params([0.5, 1.5]), settings: settings)
            settings.cacheHesseEvaluations = false
            var plain = Minuit(objective: Function(gaussianNLL), parameters: params([0.5, 1.5]), settings: settings)
            let a = cached.migrad(), b = plain.migrad()
            let ha = cached.hesse(), hb = plain.hesse()
            #expect(a.values == b.values && a.covariance == b.covariance && ha.covariance == hb.covariance)
            #expect(ha.nfcn < hb.nfcn, "strategy \(strategy): \(ha.nfcn) cached vs \(hb.nfcn)")
        }
    }

    @Test func fixedParametersStayAndHaveNoCovariance() {
        var ps = params([5, 3])
        ps[1].isFixed = true
        var m = Minuit(objective: Function { p in 10 + p[0] * p[0] + (p[1] - 1) * (p[1] - 1) / 4 }, parameters: ps)
        let r = m.migrad()
        #expect(r.isValid && r.values[1] == 3 && r.errors[1] == 0)
        #expect(close(r.values[0], 0, 1e-4) && close(r.errors[0], 1, 1e-6))
        #expect(r.covariance[1] == 0 && r.covariance[2] == 0 && r.covariance[3] == 0)
        let minos = m.minos([0, 1])
        #expect(minos.minos[1] == nil && close(minos.minos[0]!.upper, 1, 1e-3))
    }

    @Test func nanObjectiveEndsInvalidWithoutHanging() {
        var m = Minuit(objective: Function { _ in .nan }, parameters: params([1, 2]))
        let r = m.migrad()
        #expect(!r.isValid && r.failureReason?.contains("NaN") == true && r.nfcn < 50)

        // Finite at the start, NaN where the minimum would be.
        var n = Minuit(objective: Function { p in p[0] < -2 ? .nan : (p[0] + 5) * (p[0] + 5) }, parameters: params([0]))
        let rn = n.migrad()
        #expect(!rn.isValid && rn.failureReason != nil && rn.nfcn < 500)
        let gradNaN = FunctionWithGradient(f: { p in p[0] * p[0] }, g: { _ in [.nan] })
        var g = Minuit(objective: gradNaN, parameters: params([1]))
        #expect(!g.migrad().isValid)
    }

    @Test func retriesAreCountedAndBounded() {
        var m = Minuit(objective: Function { p in -p[0] }, parameters: params([0]))
        let r = m.migrad()
        #expect(!r.isValid && r.retries >= 1 && r.retries <= 4)
        var once = Minuit(objective: Function { p in -p[0] }, parameters: params([0]),
                          settings: MinimizerSettings(maxRetries: 0))
        #expect(once.migrad().retries == 0)
        var good = Minuit(objective: Function { p in p[0] * p[0] }, parameters: params([1]))
        #expect(good.migrad().retries == 0)
    }

    /// iminuit 2.33.0: x = 0.94996, error 0.096513, MINOS (-0.0999594, +0.0500406 at the upper limit), 3 calls.
    @Test func minosStopsAtALimit() {
        var m = Minuit(objective: Function { p in (p[0] - 0.95) * (p[0] - 0.95) / 0.01 },
                       parameters: [FitParameter(name: "x", value: 0.5, lower: 0, upper: 1)])
        m.migrad()
        let r = m.minos([0])
        let e = try! #require(r.minos[0])
        #expect(close(r.values[0], 0.9499593501, 1e-9) && close(r.errors[0], 0.0965133745, 1e-9))
        #expect(e.isValid && e.upperAtLimit && !e.lowerAtLimit && e.nfcn == 3)
        #expect(close(e.lower, -0.0999593838, 1e-9) && close(e.upper, 0.0500406499, 1e-9))
    }

    @Test func equalLimitsFixTheParameter() {
        let ps = [FitParameter(name: "x", value: 5), FitParameter(name: "y", value: 7, lower: 2, upper: 2)]
        var m = Minuit(objective: Function { p in 10 + p[0] * p[0] + (p[1] - 1) * (p[1] - 1) / 4 }, parameters: ps)
        let r = m.migrad()
        #expect(r.isValid && r.values[1] == 2 && r.errors[1] == 0 && close(r.fval, 10.25, 1e-8))
    }

    @Test func allParametersFixed() {
        var m = Minuit(objective: Function { p in p[0] * p[0] }, parameters: [FitParameter(name: "x", value: 2, isFixed: true)])
        let r = m.migrad()
        #expect(r.fval == 4 && r.values == [2] && r.errors == [0])
        _ = m.hesse()
        _ = m.minos([0])
    }

    @Test func gradientOfTheWrongLengthEndsInvalid() {
        var m = Minuit(objective: FunctionWithGradient(f: { p in p[0] * p[0] + p[1] * p[1] }, g: { _ in [1] }),
                       parameters: params([1, 1]))
        let r = m.migrad()
        #expect(!r.isValid && r.failureReason != nil)
    }
}

import Foundation
@testable import Minimizer

/// A closure as an objective (numerical-gradient mode).
struct Function: Objective {
    let f: @Sendable ([Double]) -> Double
    init(_ f: @escaping @Sendable ([Double]) -> Double) { self.f = f }
    func value(_ x: [Double]) -> Double { f(x) }
}

/// A closure pair as an objective with an analytic gradient.
struct FunctionWithGradient: Objective {
    let f: @Sendable ([Double]) -> Double
    let g: @Sendable ([Double]) -> [Double]
    func value(_ x: [Double]) -> Double { f(x) }
    var providesGradient: Bool { true }
    func valueAndGradient(_ x: [Double], gradient: inout [Double]) -> Double {
        gradient = g(x)
        return f(x)
    }
}

/// Free parameters from start values (iminuit's default steps).
func params(_ values: [Double]) -> [FitParameter] {
    values.enumerated().map { FitParameter(name: "p\($0.offset)", value: $0.element) }
}

/// MIGRAD as the reference runs were made: iminuit iterate = 1 (no retries), Minuit2's call counting.
func referenceFit(_ objective: any Objective, _ parameters: [FitParameter], strategy: Int = 1,
                  tolerance: Double = 0.1, up: Double = 1, maxCalls: Int? = nil) -> Minuit {
    let settings = MinimizerSettings(strategy: strategy, tolerance: tolerance, errorDefinition: up,
                                     maxFunctionCalls: maxCalls, maxRetries: 0, cacheHesseEvaluations: false)
    var m = Minuit(objective: objective, parameters: parameters, settings: settings)
    m.migrad()
    return m
}

func close(_ a: Double, _ b: Double, _ tol: Double) -> Bool { abs(a - b) <= tol }

/// Case 7's data: x_i = 1 + 3 sin(1.3 i), i = 0..199.
let gaussianData: [Double] = (0..<200).map { 1 + 3 * sin(1.3 * Double($0)) }

/// Case 7: Gaussian NLL in (mu, sigma).
@Sendable func gaussianNLL(_ p: [Double]) -> Double {
    let mu = p[0], s = p[1]
    var sum = 0.0
    for x in gaussianData { let z = (x - mu) / s; sum += 0.5 * z * z }
    return sum + Double(gaussianData.count) * log(s)
}

@Sendable func gaussianNLLGradient(_ p: [Double]) -> [Double] {
    let mu = p[0], s = p[1]
    var dmu = 0.0, ds = 0.0
    for x in gaussianData {
        let z = (x - mu) / s
        dmu -= z / s
        ds -= z * z / s
    }
    return [dmu, ds + Double(gaussianData.count) / s]
}

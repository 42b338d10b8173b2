import Foundation
import Likelihood

/// ns per event of the unbinned NLL (value, value + gradient, value + gradient + Hessian; 1 and 2 threads) on the seed dataset and on it
/// repeated ten times (then the 2-D example beside it, `ProductNLLBenchmark`), beside a scalar Foundation loop of the same NLL timed in the same run. Each figure is
/// the best single call over ~0.3 s of calls: the machine is shared, and the minimum is the least disturbed.
enum NLLBenchmark {
    static let defaultDataPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("../../Tests/Fixtures/seed-peak.csv").standardized.path

    static let model = Model(range: ObservableRange(lower: 1, upper: 9), parameterCount: 5, components: [
        Component(name: "signal", kind: .gaussian, yieldIndex: 0, shapeIndices: [2, 3]),
        Component(name: "background", kind: .exponential, yieldIndex: 1, shapeIndices: [4]),
    ])
    static let parameters = [2000.0, 20000.0, 5.0, 0.5, 4.0]

    /// Returns the seed dataset's costs on one thread (value, value+gradient, value+gradient+Hessian ns/event).
    static func run(dataPath: String?) -> (value: Double, gradient: Double, hessian: Double) {
        let path = dataPath ?? defaultDataPath
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            FileHandle.standardError.write(Data("toystudy-bench: cannot read \(path)\n".utf8))
            exit(1)
        }
        let seed = text.split(separator: "\n").dropFirst().compactMap { Double($0) }
        let pools = [1: nil, 2: WorkerPool(threads: 2)] as [Int: WorkerPool?]
        print("| dataset | events | threads | value ns/event | value+gradient ns/event | scalar Foundation value ns/event | value speed-up vs scalar | value+gradient+Hessian ns/event |")
        print("|---|---|---|---|---|---|---|---|")
        var seedCosts = (value: 0.0, gradient: 0.0, hessian: 0.0)
        for (name, data) in [("seed", seed), ("seed x10", Array(repeating: seed, count: 10).flatMap { $0 })] {
            let scalar = bestTime { ScalarReference.value(parameters, data: data) } / Double(data.count)
            var check: Double?
            for threads in [1, 2] {
                let nll = UnbinnedNLL(model: model, data: data, pool: pools[threads]!)
                var gradient = [Double](), hessian = [Double]()
                let value = bestTime { nll.value(parameters) } / Double(data.count)
                let both = bestTime { nll.valueAndGradient(parameters, gradient: &gradient) } / Double(data.count)
                let all = bestTime {
                    nll.valueGradientAndHessian(parameters, gradient: &gradient, hessian: &hessian)
                } / Double(data.count)
                if name == "seed" && threads == 1 { seedCosts = (value, both, all) }
                check = check ?? nll.value(parameters)
                precondition(nll.value(parameters) == check, "thread counts disagree")
                print("| \(name) | \(data.count) | \(threads) | \(format(value)) | \(format(both)) | \(format(scalar)) | \(format(scalar / value))x | \(format(all)) |")
            }
            let reference = ScalarReference.value(parameters, data: data)
            precondition(abs(reference / check! - 1) < 1e-10, "SIMD \(check!) and scalar \(reference) NLLs disagree")
        }
        return seedCosts
    }

    /// The fastest single call, in ns, over about 0.3 s of calls (at least 20).
    static func bestTime(_ body: () -> Double) -> Double {
        var best = Double.infinity, sink = 0.0, calls = 0
        let start = DispatchTime.now().uptimeNanoseconds
        while calls < 20 || DispatchTime.now().uptimeNanoseconds - start < 300_000_000 {
            let t0 = DispatchTime.now().uptimeNanoseconds
            sink += body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t0))
            calls += 1
        }
        if sink.isNaN { print("NaN") }
        return best
    }

    static func format(_ x: Double) -> String { String(format: "%.2f", x) }
}

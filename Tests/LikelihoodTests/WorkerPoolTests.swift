import Testing
@testable import Likelihood

@Suite struct WorkerPoolTests {
    /// Fixed blocks reduced in block order: value and gradient are bitwise the same for any thread count.
    @Test func resultsIndependentOfThreadCount() {
        let p = [1900.0, 14000.0, 5.02, 0.48, 4.1]
        func evaluate(_ pool: WorkerPool?) -> (Double, Double, [Double]) {
            let nll = UnbinnedNLL(model: SeedPeak.model, data: SeedPeak.data, pool: pool)
            var gradient = [Double]()
            let withGradient = nll.valueAndGradient(p, gradient: &gradient)
            return (nll.value(p), withGradient, gradient)
        }
        let serial = evaluate(nil)
        for threads in [1, 2, 3, 8] {
            let pooled = evaluate(WorkerPool(threads: threads))
            #expect(pooled.0 == serial.0 && pooled.1 == serial.1 && pooled.2 == serial.2, "threads \(threads)")
        }
    }

    /// Every chunk runs exactly once per call, over many calls (workers spin, park and wake).
    @Test func everyChunkRunsOnce() {
        let pool = WorkerPool(threads: 3)
        #expect(pool.threadCount == 3)
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: 3)
        defer { counts.deallocate() }
        counts.initialize(repeating: 0, count: 3)
        for _ in 0..<200 { pool.run { counts[$0] += 1 } }
        #expect((0..<3).allSatisfy { counts[$0] == 200 })
    }
}

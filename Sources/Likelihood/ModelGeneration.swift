/// A toy's events: one column per observable (every component's events, component after component), and how
/// many each component got.
public struct GeneratedEvents: Sendable {
    public var columns: [[Double]]
    public var counts: [Int]
}

extension Model {
    /// One toy dataset (see `generateEvents`), the first observable's column: a 1-D model's events.
    public func generate<R: UniformSource>(parameters: [Double], using rng: inout R) -> [Double] {
        generateEvents(parameters: parameters, using: &rng).columns[0]
    }

    /// One toy dataset. The event counts first, all in component order: each Poisson(yield) (yield clamped at
    /// >= 0), or, with `poisson` false, a total fixed at the yields' sum (rounded) split multinomially, one
    /// uniform per event choosing its component. Then observable by observable, each component's events in
    /// component order from its factor's sampler on that observable, with uniforms taken from the generator a buffer at a time.
    /// Deterministic given the generator's output sequence (the caller passes a counter-based per-toy stream).
    /// Traps when a factor's shape at `parameters` is outside its pdf's domain (a config's truth is validated
    /// before a study generates), so a component is never dropped silently.
    public func generateEvents<R: UniformSource>(parameters: [Double], poisson: Bool = true, using rng: inout R)
        -> GeneratedEvents {
        let expected = components.map { max(parameters[$0.yieldIndex], 0) }
        let counts = poisson ? expected.map { Poisson.sample(mean: $0, using: &rng) } : Self.multinomial(expected, using: &rng)
        let pdfs = factorPDFs(at: parameters)
        for (component, factors) in zip(components, pdfs) {
            precondition(factors.allSatisfy { $0 != nil },
                         "Model.generate: component \(component.name) is outside its pdf's domain at \(parameters)")
        }
        let total = counts.reduce(0, +)
        var columns: [[Double]] = []
        withoutActuallyEscaping({ (words: UnsafeMutablePointer<UInt64>, n: Int) in rng.fill(words, count: n) }) { refill in
            var uniforms = UniformBuffer(refill: refill)
            for observable in observables.indices {
                // Eight places of slack: samplers store whole lane groups.
                columns.append([Double](unsafeUninitializedCapacity: total + 8) { buffer, initialized in
                    var offset = 0
                    for (k, component) in components.enumerated() {
                        for (factor, pdf) in zip(component.factors, pdfs[k]) where factor.observable == observable {
                            pdf!.sample(counts[k], uniforms: &uniforms, into: buffer.baseAddress! + offset)
                        }
                        offset += counts[k]
                    }
                    initialized = total
                })
            }
        }
        return GeneratedEvents(columns: columns, counts: counts)
    }

    /// A total of round(sum of expected) events split among the components with probabilities expected_k / sum:
    /// a non-extended toy. One uniform per event against the cumulative probabilities.
    static func multinomial<R: RandomNumberGenerator>(_ expected: [Double], using rng: inout R) -> [Int] {
        let sum = expected.reduce(0, +)
        var counts = [Int](repeating: 0, count: expected.count)
        guard sum > 0 else { return counts }
        var cumulative: [Double] = [], running = 0.0
        for value in expected {
            running += value
            cumulative.append(running / sum)
        }
        for _ in 0..<Int(sum.rounded()) {
            let u = uniform(&rng)
            var k = 0
            while k < expected.count - 1 && u >= cumulative[k] { k += 1 }
            counts[k] += 1
        }
        return counts
    }
}

/// A uniform variate in [0, 1) from one output's top 53 bits: the event counts' draws.
@inline(__always)
func uniform<R: RandomNumberGenerator>(_ rng: inout R) -> Double { Double(rng.next() >> 11) * 0x1p-53 }

import Testing
@testable import Likelihood

/// The Hessian stage's block dot products against a plain loop: every pair a <= b of 1 to 8 rows (the 4 x 4 tiles
/// of `RowTiles`, partial tiles included; the five-row kernel of `RowProducts`) and `dotProducts`' interleaved
/// pairs, bitwise equal to one product at a time as its doc comment promises.
struct RowProductTests {
    static let stride = 264, events = 256

    /// `rows` rows of pseudo-random values in (-1, 1), `stride` apart.
    static func rows(_ count: Int) -> [Double] {
        var rng = SplitMix64(seed: UInt64(count))
        return (0..<(count * stride)).map { _ in Double(rng.next() >> 11) * 0x1p-52 - 1 }
    }

    static func plain(_ data: UnsafePointer<Double>, _ a: Int, _ b: Int) -> Double {
        (0..<events).reduce(0.0) { $0 + data[a * stride + $1] * data[b * stride + $1] }
    }

    @Test(arguments: 1...RowTiles.maximumRows)
    func tilesGiveEveryPair(count: Int) {
        let data = Self.rows(count)
        var results = [Double](repeating: .nan, count: RowTiles.maximumRows * RowTiles.maximumRows)
        data.withUnsafeBufferPointer { d in
            RowTiles.upperTriangle(d.baseAddress!, count: count, stride: Self.stride, events: Self.events, into: &results)
            for a in 0..<count {
                for b in a..<count {
                    let expected = Self.plain(d.baseAddress!, a, b)
                    #expect(abs(results[a * RowTiles.maximumRows + b] - expected) <= 1e-12 * Double(Self.events), "rows \(a), \(b) of \(count)")
                }
            }
        }
    }

    @Test(arguments: 1...RowProducts.maximumRows)
    func fiveRowKernelGivesEveryPair(count: Int) {
        let data = Self.rows(count)
        var results = [Double](repeating: .nan, count: 25)
        data.withUnsafeBufferPointer { d in
            RowProducts(d.baseAddress!, count: count, stride: Self.stride).upperTriangle(count: Self.events, into: &results)
            for a in 0..<count {
                for b in a..<count {
                    let expected = Self.plain(d.baseAddress!, a, b)
                    #expect(abs(results[a * RowProducts.maximumRows + b] - expected) <= 1e-12 * Double(Self.events), "rows \(a), \(b) of \(count)")
                }
            }
        }
    }

    @Test func interleavedPairsEqualOneAtATime() {
        let data = Self.rows(6)
        data.withUnsafeBufferPointer { d in
            let base = d.baseAddress!
            let pairs: [RowPair] = (0..<6).flatMap { a in (a..<6).map { b in (base + a * Self.stride, base + b * Self.stride) } }
            var results = [Double](repeating: .nan, count: pairs.count)
            dotProducts(pairs, count: Self.events, into: &results)
            for (p, pair) in pairs.enumerated() { #expect(results[p] == dotProduct(pair.a, pair.b, count: Self.events)) }
        }
    }
}

import Foundation
import ToyMath

/// Exact draws from exp(-t^2/2) restricted to [a, b] (the standardised Gaussian, and the Crystal Ball's core),
/// by whichever accept-reject method accepts most candidates per uniform for where [a, b] sits:
/// - untruncated normals (Box-Muller, two per pair of uniforms) kept when inside [a, b]: the range holds most
///   of the Gaussian;
/// - a uniform candidate on [a, b] kept with probability exp((m^2 - t^2)/2), m the point of [a, b] nearest 0:
///   a narrow range;
/// - Robert's exponential envelope (Robert 1995, "Simulation of truncated normal variables"): a + E/lambda
///   with E exponential truncated to [a, b] and lambda = (a + sqrt(a^2 + 4))/2, kept with probability
///   exp(-(t - lambda)^2/2): a range in one tail (mirrored for the lower tail), where both others starve.
struct TruncatedNormal {
    enum Method { case normal, uniform, exponentialTail }

    let method: Method
    let a: Double
    let b: Double
    /// The exponential envelope works on [a, b] mirrored into the upper tail when the range is below 0.
    private let mirrored: Bool
    private let rate: Double
    /// expm1(-rate (b - a)) on the (mirrored) range: the truncated exponential's inverse CDF.
    private let tailSpan: Double
    /// The uniform candidate's reference point: m^2 with m the point of [a, b] nearest 0.
    private let peakSquare: Double

    init(from a: Double, to b: Double) {
        self.a = a
        self.b = b
        mirrored = b <= 0
        let (low, high) = mirrored ? (-b, -a) : (a, b)
        rate = 0.5 * (low + (low * low + 4).squareRoot())
        tailSpan = Foundation.expm1(-rate * (high - low))
        let nearest = min(max(0, a), b)
        peakSquare = nearest * nearest
        let logMass = Foundation.log(StandardNormal.mass(from: a, to: b))
        // Acceptance per uniform used: Box-Muller spends one per candidate, the other two spend two.
        let byNormal = Foundation.exp(logMass - 0.5 * Foundation.log(2 * Double.pi))
        let byUniform = 0.5 * Foundation.exp(logMass + 0.5 * peakSquare) / (b - a)
        var best = (byNormal, Method.normal)
        if byUniform > best.0 { best = (byUniform, .uniform) }
        if low >= 0 {
            // The envelope exp(lambda^2/2 - lambda t) integrated over [low, high].
            let logEnvelope = 0.5 * rate * rate - rate * low + Foundation.log(-tailSpan / rate)
            let byTail = 0.5 * Foundation.exp(logMass - logEnvelope)
            if byTail > best.0 { best = (byTail, .exponentialTail) }
        }
        method = best.1
    }

    /// Fills the sink with location + scale * t.
    func sample(into sink: inout EventSink, uniforms: inout UniformBuffer, location: Double, scale: Double) {
        let lo = SIMD8(repeating: a), hi = SIMD8(repeating: b)
        let mu = SIMD8(repeating: location), s = SIMD8(repeating: scale)
        switch method {
        case .normal:
            while !sink.isFull {
                let radius = (-2 * FastMath.log(uniforms.next())).squareRoot()
                let (sine, cosine) = FastMath.sinCosTurns(uniforms.next())
                let first = radius * cosine, second = radius * sine
                sink.append(mu.addingProduct(s, first), accepted: (first .>= lo) .& (first .<= hi))
                sink.append(mu.addingProduct(s, second), accepted: (second .>= lo) .& (second .<= hi))
            }
        case .uniform:
            let width = SIMD8(repeating: b - a), m2 = SIMD8(repeating: peakSquare)
            while !sink.isFull {
                let t = lo.addingProduct(uniforms.next(), width)
                let keep = FastMath.exp(0.5 * (m2 - t * t))
                sink.append(mu.addingProduct(s, t), accepted: uniforms.next() .<= keep)
            }
        case .exponentialTail:
            let low = SIMD8(repeating: mirrored ? -b : a), lambda = SIMD8(repeating: rate)
            let span = SIMD8(repeating: tailSpan), direction = SIMD8(repeating: mirrored ? -scale : scale)
            while !sink.isFull {
                let z = low - FastMath.log1p(uniforms.next() * span) / lambda
                let d = z - lambda
                let keep = FastMath.exp(-0.5 * d * d)
                sink.append(mu.addingProduct(direction, z), accepted: uniforms.next() .<= keep)
            }
        }
    }
}

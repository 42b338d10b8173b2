import Foundation

/// A value with its error, written to as many digits as the error supports, by the Particle Data Group's rule:
/// the error's three leading digits decide. 100-354 keep two significant digits, 355-949 one, 950-999 round up to
/// 1000 and keep two; the value is rounded to the same decimal place. So 0.01234 ± 0.00456 reads 0.012 ± 0.005,
/// and a reader never sees digits the toys cannot resolve.
struct Measurement {
    var value: Double
    var error: Double

    /// The value and the error as text; without a usable error, the value to five significant digits.
    var rounded: (value: String, error: String) {
        guard error.isFinite, error > 0, value.isFinite else {
            return (Self.plain(value), error.isNaN ? "nan" : Self.plain(error))
        }
        var exponent = Int(floor(log10(error)))
        var leading = Int((error / pow(10, Double(exponent - 2))).rounded())
        if leading >= 1000 {
            exponent += 1
            leading /= 10
        }
        var digits = 2
        if leading >= 950 {
            exponent += 1
        } else if leading >= 355 {
            digits = 1
        }
        // The last kept digit is 10^(exponent - digits + 1).
        let decimals = digits - 1 - exponent
        return (Self.fixed(value, decimals: decimals), Self.fixed(error, decimals: decimals))
    }

    /// `x` rounded to `decimals` places (negative: to tens, hundreds, ...), written without an exponent.
    private static func fixed(_ x: Double, decimals: Int) -> String {
        let scale = pow(10, Double(decimals))
        let scaled = (x * scale).rounded()
        // A value that rounds to zero is 0, not -0.
        return String(format: "%.\(max(decimals, 0))f", scaled == 0 ? 0 : scaled / scale)
    }

    static func plain(_ x: Double) -> String { x.isNaN ? "nan" : String(format: "%.5g", x) }
}

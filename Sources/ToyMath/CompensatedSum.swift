/// Neumaier's compensated summation: a running sum plus the running sum of the rounding errors of every
/// addition (recovered exactly with the two-sum trick), so the result is about as accurate as summing in
/// twice the precision and rounding once. The likelihood adds thousands of log terms of mixed sign and
/// size per call, and MIGRAD differentiates across calls: the cancellation must not leak into the fit.
///
/// A compensated sum still depends on the order of the additions in its last bits; every function here
/// adds in a fixed order, so the same data always gives the same bits.
public struct CompensatedSum: Sendable {
    @usableFromInline var total: Double = 0
    @usableFromInline var compensation: Double = 0

    @inlinable public init() {}

    /// Adds one term.
    @inlinable @inline(__always)
    public mutating func add(_ x: Double) {
        let t = total + x
        // The smaller operand is the one whose low bits were lost in `t`.
        if Swift.abs(total) >= Swift.abs(x) {
            compensation += (total - t) + x
        } else {
            compensation += (x - t) + total
        }
        total = t
    }

    /// Adds the eight lanes in order 0...7.
    @inlinable
    public mutating func add(_ v: SIMD8<Double>) {
        for i in 0..<8 { add(v[i]) }
    }

    /// The compensated total. If the terms overflowed or included an infinity, the compensation is
    /// meaningless (inf - inf) and the plain running sum (+-inf, or NaN for inf - inf) is the answer.
    @inlinable
    public var sum: Double {
        let s = total + compensation
        return total.isFinite ? s : total
    }

    /// Compensated sum of `p[0..<count]`, in an order fixed by `count` alone: eight lanes accumulate
    /// elements i, i + 8, i + 16, ... (each lane with its own compensation; the last partial vector padded
    /// with zeros), then the lanes' sums and compensations are combined in lane order. Callers that split
    /// a dataset over threads reduce fixed blocks with this and combine the block results in block order,
    /// so the total does not depend on the thread count.
    @inlinable
    public static func sum(_ p: UnsafePointer<Double>, count: Int) -> Double {
        let raw = UnsafeRawPointer(p)
        var total = SIMD8<Double>(repeating: 0)
        var compensation = SIMD8<Double>(repeating: 0)
        let wholeVectors = count / 8
        for v in 0..<wholeVectors {
            let x = raw.loadUnaligned(fromByteOffset: v * MemoryLayout<SIMD8<Double>>.stride,
                                      as: SIMD8<Double>.self)
            accumulate(x, into: &total, &compensation)
        }
        let done = wholeVectors * 8
        if done < count {
            let last = FastMath.loadPartial(p + done, count: count - done, padding: 0)
            accumulate(last, into: &total, &compensation)
        }
        var result = CompensatedSum()
        result.add(total)
        result.add(compensation)
        return result.sum
    }

    /// The lane-wise Neumaier step, with the branch on the larger operand turned into a lane select.
    @inlinable @inline(__always)
    static func accumulate(
        _ x: SIMD8<Double>, into total: inout SIMD8<Double>, _ compensation: inout SIMD8<Double>
    ) {
        let t = total + x
        let larger = FastMath.magnitude(total) .>= FastMath.magnitude(x)
        let lost = ((x - t) + total).replacing(with: (total - t) + x, where: larger)
        compensation += lost
        total = t
    }
}

/// The last, partial vector of a block whose length is not a multiple of 8: copied in and out with
/// `memcpy` rather than lane by lane, because lane-by-lane inserts and extracts tempt the optimiser into
/// computing the whole tail in scalar code.
extension FastMath {
    /// The `count` (< 8) doubles at `p` in the first lanes, `padding` in the others.
    @inlinable @inline(__always)
    static func loadPartial(_ p: UnsafePointer<Double>, count: Int, padding: Double) -> SIMD8<Double> {
        var v = SIMD8<Double>(repeating: padding)
        withUnsafeMutableBytes(of: &v) {
            $0.copyMemory(from: UnsafeRawBufferPointer(start: p, count: count * MemoryLayout<Double>.stride))
        }
        return v
    }

    /// Stores the first `count` (< 8) lanes of `v` at `p`; memory past them is not touched.
    @inlinable @inline(__always)
    static func storePartial(_ v: SIMD8<Double>, to p: UnsafeMutablePointer<Double>, count: Int) {
        withUnsafeBytes(of: v) {
            UnsafeMutableRawPointer(p).copyMemory(from: $0.baseAddress!, byteCount: count * MemoryLayout<Double>.stride)
        }
    }
}

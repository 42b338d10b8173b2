/// Staged kernels: one function over a whole block of events, in place. A tight loop of a single vector
/// function keeps its constants in registers and its loads/stores streaming, which is what makes the
/// staged likelihood (exp over the block, then log over the block) several times faster than a fused
/// per-event loop.
extension FastMath {
    /// p[i] = e^p[i] for i in 0..<count.
    @inlinable
    public static func expInPlace(_ p: UnsafeMutablePointer<Double>, count: Int) {
        applyInPlace(p, count: count, padding: 0) { exp($0) }
    }

    /// p[i] = log(p[i]) for i in 0..<count.
    @inlinable
    public static func logInPlace(_ p: UnsafeMutablePointer<Double>, count: Int) {
        applyInPlace(p, count: count, padding: 1) { log($0) }
    }

    /// Applies `f` to whole vectors, then to a last vector holding the `count % 8` leftover elements padded
    /// with `padding` (a harmless argument, so no spurious NaN or inf is computed); only the real lanes are
    /// stored back. Unaligned loads and stores: callers' buffers need not be 64-byte aligned.
    @inlinable @inline(__always)
    static func applyInPlace(
        _ p: UnsafeMutablePointer<Double>, count: Int, padding: Double,
        _ f: (SIMD8<Double>) -> SIMD8<Double>
    ) {
        let raw = UnsafeMutableRawPointer(p)
        let stride = MemoryLayout<SIMD8<Double>>.stride
        let wholeVectors = count / 8
        for v in 0..<wholeVectors {
            let offset = v * stride
            raw.storeBytes(of: f(raw.loadUnaligned(fromByteOffset: offset, as: SIMD8<Double>.self)),
                           toByteOffset: offset, as: SIMD8<Double>.self)
        }
        let done = wholeVectors * 8
        let rest = count - done
        guard rest > 0 else { return }
        var last = SIMD8<Double>(repeating: padding)
        for i in 0..<rest { last[i] = p[done + i] }
        last = f(last)
        for i in 0..<rest { p[done + i] = last[i] }
    }
}

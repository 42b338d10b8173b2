/// Staged kernels: one function over a whole block of events, in place. A tight loop of a single vector
/// function keeps its constants in registers and its loads and stores streaming, which is what makes the
/// staged likelihood (exp over the block, then log over the block) several times faster than a fused
/// per-event loop.
extension FastMath {
    /// p[i] = e^p[i] for i in 0..<count.
    @inlinable
    public static func expInPlace(_ p: UnsafeMutablePointer<Double>, count: Int) {
        applyInPlace(ExpLanes.self, p, count: count)
    }

    /// p[i] = log(p[i]) for i in 0..<count.
    @inlinable
    public static func logInPlace(_ p: UnsafeMutablePointer<Double>, count: Int) {
        applyInPlace(LogLanes.self, p, count: count)
    }

    /// Applies `F` to the block vector by vector; the last, partial vector is padded with `F.padding` (a
    /// harmless argument, so no spurious NaN or inf is computed) and only its real lanes are stored back.
    /// The function is a type parameter rather than a closure so that every kernel gets its own
    /// specialised loop with the function inlined: passed as closures, the two kernels were merged into
    /// one loop making an indirect call per vector. Unaligned loads and stores: callers' buffers need not
    /// be 64-byte aligned.
    @inlinable @inline(__always)
    static func applyInPlace<F: LaneFunction>(_: F.Type, _ p: UnsafeMutablePointer<Double>, count: Int) {
        let raw = UnsafeMutableRawPointer(p)
        let stride = MemoryLayout<SIMD8<Double>>.stride
        let wholeVectors = count / 8
        for v in 0..<wholeVectors {
            let offset = v * stride
            raw.storeBytes(of: F.evaluate(raw.loadUnaligned(fromByteOffset: offset, as: SIMD8<Double>.self)),
                           toByteOffset: offset, as: SIMD8<Double>.self)
        }
        let done = wholeVectors * 8
        if done < count { applyToPartialVector(F.self, p + done, count: count - done) }
    }

    /// The tail of `applyInPlace`, kept out of line: inlined, it made the optimiser give up inlining the
    /// function in the main loop, and its `memcpy` calls would clobber the constants the loop keeps in
    /// vector registers.
    @inlinable @inline(never)
    static func applyToPartialVector<F: LaneFunction>(_: F.Type, _ p: UnsafeMutablePointer<Double>, count: Int) {
        storePartial(F.evaluate(loadPartial(p, count: count, padding: F.padding)), to: p, count: count)
    }
}

/// A vector function for the block kernels, with the argument that pads a partial vector.
@usableFromInline
protocol LaneFunction {
    static func evaluate(_ x: SIMD8<Double>) -> SIMD8<Double>
    static var padding: Double { get }
}

/// exp, padded with 0.
@usableFromInline enum ExpLanes: LaneFunction {
    @inlinable @inline(__always) static func evaluate(_ x: SIMD8<Double>) -> SIMD8<Double> { FastMath.exp(x) }
    @inlinable static var padding: Double { 0 }
}

/// log, padded with 1.
@usableFromInline enum LogLanes: LaneFunction {
    @inlinable @inline(__always) static func evaluate(_ x: SIMD8<Double>) -> SIMD8<Double> { FastMath.log(x) }
    @inlinable static var padding: Double { 1 }
}

/// Eight-lane loads and stores for the block kernels. Blocks are padded to a multiple of eight events, so a
/// kernel walks a block in steps of eight with no tail loop and no bounds checks.
extension UnsafePointer where Pointee == Double {
    @inline(__always)
    func lanes(_ i: Int) -> SIMD8<Double> {
        UnsafeRawPointer(self + i).loadUnaligned(as: SIMD8<Double>.self)
    }
}

extension UnsafeMutablePointer where Pointee == Double {
    @inline(__always)
    func storeLanes(_ v: SIMD8<Double>, at i: Int) {
        UnsafeMutableRawPointer(self + i).storeBytes(of: v, as: SIMD8<Double>.self)
    }

    @inline(__always)
    func lanes(_ i: Int) -> SIMD8<Double> { UnsafePointer(self).lanes(i) }
}

/// Rounds an event count up to whole eight-lane groups.
@inline(__always)
func paddedCount(_ n: Int) -> Int { (n + 7) & ~7 }

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

/// Sum of p[0..<count] (count a multiple of eight) with four independent accumulators, so the adds are not one
/// latency-bound chain. The order is fixed by `count` alone, so the result is reproducible.
func blockSum(_ p: UnsafePointer<Double>, count: Int) -> Double {
    var a = SIMD8<Double>(), b = a, c = a, d = a
    var i = 0
    while i + 32 <= count {
        a += p.lanes(i)
        b += p.lanes(i + 8)
        c += p.lanes(i + 16)
        d += p.lanes(i + 24)
        i += 32
    }
    while i < count {
        a += p.lanes(i)
        i += 8
    }
    return ((a + b) + (c + d)).sum()
}

/// out[i] = a[i] * b[i] over `count` (a multiple of eight) and the sum of the products, with two accumulators.
func multiplyAndSum(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>,
                    count: Int) -> Double {
    var first = SIMD8<Double>(), second = first
    var i = 0
    while i + 16 <= count {
        let u = a.lanes(i) * b.lanes(i), v = a.lanes(i + 8) * b.lanes(i + 8)
        out.storeLanes(u, at: i)
        out.storeLanes(v, at: i + 8)
        first += u
        second += v
        i += 16
    }
    if i < count {
        let u = a.lanes(i) * b.lanes(i)
        out.storeLanes(u, at: i)
        first += u
    }
    return (first + second).sum()
}

/// sum_i a[i] * b[i] over `count` (a multiple of eight), with two accumulators; the order is fixed by `count`.
func dotProduct(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Double {
    var first = SIMD8<Double>(), second = first
    var i = 0
    while i + 16 <= count {
        first = first.addingProduct(a.lanes(i), b.lanes(i))
        second = second.addingProduct(a.lanes(i + 8), b.lanes(i + 8))
        i += 16
    }
    if i < count { first = first.addingProduct(a.lanes(i), b.lanes(i)) }
    return (first + second).sum()
}

extension UnsafeMutablePointer where Pointee == Double {
    /// Stores a role matrix's 64 entries.
    @inline(__always)
    func storeLanes64(_ v: SIMD64<Double>) { UnsafeMutableRawPointer(self).storeBytes(of: v, as: SIMD64<Double>.self) }
}

extension UnsafePointer where Pointee == Double {
    /// Loads 64 entries as a role matrix.
    @inline(__always)
    func lanes64() -> SIMD64<Double> { UnsafeRawPointer(self).loadUnaligned(as: SIMD64<Double>.self) }
}

import ToyMath

/// Stand-ins for the block API that branch `toymath` adds to FastMath (same names and signatures), so this
/// module builds before that merge. Delete this file when `git merge toymath` brings the real ones.
extension FastMath {
    static func expInPlace(_ p: UnsafeMutablePointer<Double>, count: Int) {
        for i in stride(from: 0, to: count, by: 8) { p.storeLanes(exp(UnsafePointer(p).lanes(i)), at: i) }
    }

    static func logInPlace(_ p: UnsafeMutablePointer<Double>, count: Int) {
        for i in stride(from: 0, to: count, by: 8) { p.storeLanes(log(UnsafePointer(p).lanes(i)), at: i) }
    }
}

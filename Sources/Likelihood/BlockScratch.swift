/// One thread's working buffers for one block: each component's density, the weights 1/L and
/// f_k/L, the yields. Allocated once per NLL and thread so a call allocates nothing.
final class BlockScratch: @unchecked Sendable {
    private let components: Int
    private let storage: UnsafeMutablePointer<Double>

    init(components: Int) {
        self.components = components
        let count = (components + 3) * EventBlocks.blockSize
        storage = .allocate(capacity: count)
        storage.initialize(repeating: 0, count: count)
    }

    deinit { storage.deallocate() }

    func density(_ k: Int) -> UnsafeMutablePointer<Double> { storage + k * EventBlocks.blockSize }
    var inverse: UnsafeMutablePointer<Double> { density(components) }
    var weights: UnsafeMutablePointer<Double> { density(components + 1) }
    /// The yields of the current call, next to the densities they scale.
    var yields: UnsafeMutablePointer<Double> { density(components + 2) }
}

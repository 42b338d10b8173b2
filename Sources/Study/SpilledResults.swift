import Foundation

/// Results kept on disk in their exact binary encoding (`ToyResult.encoded`) between the two passes of a summary:
/// the second pass then reads numbers back instead of parsing toys.csv again, in bounded memory.
struct SpilledResults {
    let path: String
    let parameters: Int

    /// Reads every spilled result in the order written, a block at a time.
    func forEach(_ visit: (ToyResult) -> Void) throws {
        let stride = ToyResult.encodedCount(parameters: parameters)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw StoreError("read", path, errno: errno) }
        defer { close(descriptor) }
        var block = [Double](repeating: 0, count: 4096 * stride)
        var filled = 0
        while true {
            let bytes = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if bytes < 0 && errno == EINTR { continue }
            guard bytes >= 0 else { throw StoreError("read", path, errno: errno) }
            if bytes == 0 { break }
            filled += bytes
            let complete = filled / (8 * stride)
            for k in 0..<complete { visit(ToyResult(encoded: block[(k * stride)..<((k + 1) * stride)], parameters: parameters)) }
            let rest = filled - complete * 8 * stride
            block.withUnsafeMutableBytes { _ = memmove($0.baseAddress!, $0.baseAddress! + (filled - rest), rest) }
            filled = rest
        }
    }
}

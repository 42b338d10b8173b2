import Foundation

/// Records kept on disk in their exact binary form between the passes of a report: the later passes read numbers
/// back instead of parsing toys.csv again, in bounded memory.
struct SpilledRecords {
    let path: String
    /// Numbers per record.
    let width: Int

    /// Reads every spilled record in the order written, a block at a time.
    func forEach(_ visit: (ArraySlice<Double>) -> Void) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw StoreError("read", path, errno: errno) }
        defer { close(descriptor) }
        var block = [Double](repeating: 0, count: 4096 * width)
        var filled = 0
        while true {
            let bytes = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if bytes < 0 && errno == EINTR { continue }
            guard bytes >= 0 else { throw StoreError("read", path, errno: errno) }
            if bytes == 0 { break }
            filled += bytes
            let complete = filled / (8 * width)
            for k in 0..<complete { visit(block[(k * width)..<((k + 1) * width)]) }
            let rest = filled - complete * 8 * width
            block.withUnsafeMutableBytes { _ = memmove($0.baseAddress!, $0.baseAddress! + (filled - rest), rest) }
            filled = rest
        }
    }
}

import Foundation

/// Writes a file with write(2) through a buffer. A failed write (a full disk) is a `StoreError` naming the file
/// and the system's reason, never a trap.
final class FileWriter {
    let path: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private static let bufferLimit = 1 << 20

    /// Opens `path` for writing: appending to what is there, or replacing it.
    init(path: String, appending: Bool) throws {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (appending ? O_APPEND : O_TRUNC), 0o644)
        guard descriptor >= 0 else { throw StoreError("open", path, errno: errno) }
        buffer.reserveCapacity(Self.bufferLimit)
    }

    deinit { if descriptor >= 0 { Foundation.close(descriptor) } }

    /// Buffers `text`; the buffer goes to the file when it is full, or at `flush`.
    func write(_ text: some StringProtocol) throws {
        append(text)
        if buffer.count >= Self.bufferLimit { try flush() }
    }

    /// Buffers `text` and a newline.
    func writeLine(_ text: some StringProtocol) throws {
        append(text)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= Self.bufferLimit { try flush() }
    }

    /// Buffers the bytes of `values` as they are in memory.
    func write(_ values: [Double]) throws {
        values.withUnsafeBytes { buffer.append(contentsOf: $0) }
        if buffer.count >= Self.bufferLimit { try flush() }
    }

    /// Copies the text's bytes in one go where they are contiguous (they are, for native strings).
    private func append(_ text: some StringProtocol) {
        if text.utf8.withContiguousStorageIfAvailable({ buffer.append(contentsOf: $0) }) == nil {
            buffer.append(contentsOf: text.utf8)
        }
    }

    /// Hands the buffer to the kernel with as many write(2) calls as it takes.
    func flush() throws {
        var written = 0
        while written < buffer.count {
            let n = buffer.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw StoreError("write", path, errno: n < 0 ? errno : ENOSPC) }
            written += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and waits until the file's data are on disk.
    func sync() throws {
        try flush()
        guard fsync(descriptor) == 0 else { throw StoreError("sync", path, errno: errno) }
    }

    /// Syncs and closes the file.
    func close() throws {
        try sync()
        let closing = descriptor
        descriptor = -1
        guard Foundation.close(closing) == 0 else { throw StoreError("close", path, errno: errno) }
    }
}

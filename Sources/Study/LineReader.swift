import Foundation

/// Reads a file line by line through one buffer, so files of any size are read in bounded memory.
final class LineReader {
    let path: String
    /// The number of the line `next` returned last (the first line is 1).
    private(set) var lineNumber = 0
    /// The file's length up to and including the last newline read.
    private(set) var completeBytes = 0
    private let descriptor: Int32
    private var buffer = [UInt8](repeating: 0, count: 1 << 18)
    private var start = 0, end = 0, bufferOffset = 0, atEnd = false

    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw StoreError("read", path, errno: errno) }
    }

    deinit { close(descriptor) }

    /// The next line without its newline, and whether it had one (only a file's last line may lack it); nil at
    /// the end of the file.
    func next() throws -> (text: String, terminated: Bool)? {
        while true {
            let newline = buffer.withUnsafeBytes { bytes -> Int? in
                guard end > start, let found = memchr(bytes.baseAddress! + start, 10, end - start) else { return nil }
                return UnsafeRawPointer(found) - bytes.baseAddress!
            }
            if let newline {
                let text = String(decoding: buffer[start..<newline], as: UTF8.self)
                start = newline + 1
                lineNumber += 1
                completeBytes = bufferOffset + start
                return (text, true)
            }
            if atEnd {
                guard start < end else { return nil }
                let text = String(decoding: buffer[start..<end], as: UTF8.self)
                start = end
                lineNumber += 1
                return (text, false)
            }
            try refill()
        }
    }

    /// Moves the unread bytes to the front (growing the buffer for a line longer than it) and reads more.
    private func refill() throws {
        if start > 0 {
            buffer.withUnsafeMutableBytes { bytes in _ = memmove(bytes.baseAddress!, bytes.baseAddress! + start, end - start) }
            bufferOffset += start
            end -= start
            start = 0
        }
        if end == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
        while true {
            let n = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + end, $0.count - end) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw StoreError("read", path, errno: errno) }
            if n == 0 { atEnd = true } else { end += n }
            return
        }
    }
}

/// CRC-32 (the polynomial of zlib, PNG and Ethernet), the checksum every stored row carries. A standard checksum
/// lets users check a file without toystudy: Python's `zlib.crc32(row_text.encode())` gives the same number.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { (byte: UInt32) in
        var c = byte
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ text: Substring) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        table.withUnsafeBufferPointer { table in
            for byte in text.utf8 { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        }
        return crc ^ 0xFFFF_FFFF
    }

    /// The checksum as 8 lower-case hexadecimal digits.
    static func hex(_ text: Substring) -> String {
        let digits = String(checksum(text), radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}

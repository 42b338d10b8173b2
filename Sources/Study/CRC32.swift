/// CRC-32 (the polynomial of zlib, PNG and Ethernet), the checksum every stored row carries. A standard checksum
/// lets users check a file without toystudy: Python's `zlib.crc32(row_text.encode())` gives the same number.
/// Rank 0 checksums every row it stores and checks it again on every read, so it runs eight bytes per step
/// ("slicing by 8": table k gives the CRC of a byte followed by k zero bytes).
enum CRC32 {
    private static let tables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 8 * 256)
        for byte in 0..<256 {
            var c = UInt32(byte)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            tables[byte] = c
        }
        for k in 1..<8 {
            for byte in 0..<256 {
                let previous = tables[(k - 1) * 256 + byte]
                tables[k * 256 + byte] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
            }
        }
        return tables
    }()

    static func checksum(_ text: Substring) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        var text = text
        text.withUTF8 { bytes in
            tables.withUnsafeBufferPointer { t in
                var i = 0
                while i + 8 <= bytes.count {
                    let low = crc ^ (UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24)
                    crc = t[7 * 256 + Int(low & 0xFF)] ^ t[6 * 256 + Int((low >> 8) & 0xFF)]
                        ^ t[5 * 256 + Int((low >> 16) & 0xFF)] ^ t[4 * 256 + Int(low >> 24)]
                        ^ t[3 * 256 + Int(bytes[i + 4])] ^ t[2 * 256 + Int(bytes[i + 5])]
                        ^ t[256 + Int(bytes[i + 6])] ^ t[Int(bytes[i + 7])]
                    i += 8
                }
                while i < bytes.count {
                    crc = t[Int((crc ^ UInt32(bytes[i])) & 0xFF)] ^ (crc >> 8)
                    i += 1
                }
            }
        }
        return crc ^ 0xFFFF_FFFF
    }

    /// The checksum as 8 lower-case hexadecimal digits.
    static func hex(_ text: Substring) -> String {
        let digits = String(checksum(text), radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}

import Foundation

/// The comma-separated fields of a toys.csv row's bytes, read one after the other without building strings or
/// arrays: rank 0 reads every row of a study back at its end, so this is on the path that bounds its rate.
struct RowFields {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position: Int? = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var isAtEnd: Bool { position == nil }

    mutating func next() -> UnsafeBufferPointer<UInt8>? {
        guard let start = position else { return nil }
        var end = start
        while end < bytes.count && bytes[end] != UInt8(ascii: ",") { end += 1 }
        position = end < bytes.count ? end + 1 : nil
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// A number as Swift writes it (shortest round trip, "nan", "inf"), read back to the same bits by the C
    /// library's strtod, as Swift's own Double(String) does (the locale is C: toystudy never calls setlocale).
    mutating func number() -> Double? {
        guard let field = next(), !field.isEmpty, field.count < 48 else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: field.count + 1) { text in
            for i in field.indices { text[i] = CChar(bitPattern: field[i]) }
            text[field.count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(text.baseAddress!, &end)
            return end == text.baseAddress! + field.count ? value : nil
        }
    }

    mutating func integer() -> Int? {
        guard let field = next(), !field.isEmpty, field.count < 19 else { return nil }
        let negative = field[0] == UInt8(ascii: "-")
        var value = 0
        for byte in field.dropFirst(negative ? 1 : 0) {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = 10 * value + Int(byte - UInt8(ascii: "0"))
        }
        return negative ? -value : value
    }
}

/// One column of an experiment's record: its name in toys.csv and how its number is written there.
public struct RecordColumn: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A whole number (toy index, counts), written without a decimal point.
        case integer
        /// Any double, in Swift's shortest round-trip form ("nan", "inf" included).
        case number
        /// 1 or 0.
        case flag
        /// A fit status (`ToyStatus` raw value), written as its label ("ok", "invalid+above_max_edm").
        case status
        /// One of a few names, stored as its index ("sb", "b", "mu").
        case label([String])
    }

    public var name: String
    public var kind: Kind

    public init(_ name: String, _ kind: Kind) {
        self.name = name
        self.kind = kind
    }
}

/// The toys.csv format of an experiment, from the one declaration of its columns: the header, a row per record,
/// and reading rows back to the same record bits (resume, merge, summarize). A record is the row's numbers in
/// column order; its first column is the task key (the toy index of a pull study), by which rows are ordered
/// and counted. Every row ends with `checksum`: the CRC-32 of the row's text before its last comma, in 8 hex
/// digits, so that a changed or damaged row is refused instead of summarised.
public struct RecordTable: Sendable, Equatable {
    public let columns: [RecordColumn]

    public init(_ columns: [RecordColumn]) {
        precondition(columns.first?.kind == .integer, "a record's first column is its integer task key")
        self.columns = columns
    }

    /// Numbers per record (the checksum is not one).
    public var width: Int { columns.count }

    public var header: String { (columns.map(\.name) + ["checksum"]).joined(separator: ",") }

    /// One row, written field by field into one string (rank 0 writes every record of a study).
    public func row(_ record: some Collection<Double>) -> String {
        var text = ""
        text.reserveCapacity(24 * columns.count)
        for (column, value) in zip(columns, record) {
            if !text.isEmpty { text.write(",") }
            switch column.kind {
            case .integer: text.write(String(Int(value)))
            case .number: value.write(to: &text)
            case .flag: text.write(value != 0 ? "1" : "0")
            case .status: text.write(ToyStatus(rawValue: UInt32(value)).label)
            case let .label(names): text.write(names[Int(value)])
            }
        }
        text.write("," + CRC32.hex(Substring(text)))
        return text
    }

    /// The key of a row whose checksum holds and whose column count is this table's; nil for anything else (a
    /// damaged or edited row, a torn last line after a kill, a row of another study).
    public func checkedKey(row: Substring) -> Int? {
        guard var body = checkedBody(row) else { return nil }
        return body.withUTF8 { bytes in
            var commas = 0
            for byte in bytes where byte == Self.comma { commas += 1 }
            guard commas == columns.count - 1 else { return nil }
            var fields = RowFields(bytes)
            return fields.integer()
        }
    }

    /// Reads a row this table wrote; nil for anything else (see `checkedKey`).
    public func parse(row: Substring) -> [Double]? {
        checkedBody(row).flatMap(parse(body:))
    }

    /// Reads a row whose checksum was checked already (by `checkedKey`).
    func parse(checkedRow row: Substring) -> [Double]? {
        row.utf8.lastIndex(of: Self.comma).flatMap { parse(body: Substring(row.utf8[..<$0])) }
    }

    private func parse(body: Substring) -> [Double]? {
        var body = body
        return body.withUTF8 { bytes in
            var fields = RowFields(bytes)
            var record: [Double] = []
            record.reserveCapacity(columns.count)
            for column in columns {
                switch column.kind {
                case .integer:
                    guard let value = fields.integer() else { return nil }
                    record.append(Double(value))
                case .number:
                    guard let value = fields.number() else { return nil }
                    record.append(value)
                case .flag:
                    guard let field = fields.next(), field.count == 1, field[0] == UInt8(ascii: "0") || field[0] == UInt8(ascii: "1")
                    else { return nil }
                    record.append(field[0] == UInt8(ascii: "1") ? 1 : 0)
                case .status:
                    guard let field = fields.next(), let status = ToyStatus(label: String(decoding: field, as: UTF8.self))
                    else { return nil }
                    record.append(Double(status.rawValue))
                case let .label(names):
                    guard let field = fields.next(),
                          let index = names.firstIndex(where: { $0.utf8.elementsEqual(field) }) else { return nil }
                    record.append(Double(index))
                }
            }
            return fields.isAtEnd ? record : nil
        }
    }

    private static let comma = UInt8(ascii: ",")

    /// The row without its checksum column, if the checksum matches.
    private func checkedBody(_ row: Substring) -> Substring? {
        guard let comma = row.utf8.lastIndex(of: Self.comma) else { return nil }
        let body = Substring(row.utf8[..<comma])
        return Substring(row.utf8[row.utf8.index(after: comma)...]) == CRC32.hex(body) ? body : nil
    }
}

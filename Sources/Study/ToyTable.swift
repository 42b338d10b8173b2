/// The toys.csv format: one row per toy. Its columns are an interface that users' scripts read:
/// `toy, valid, nll, edm, nfcn`, then for every parameter P `P_true, P_value, P_error, P_pull`, then (added later,
/// so appended) `events, status, ngrad, retries`, for every MINOS parameter `P_minos_lower, P_minos_upper`, and last
/// `checksum`: the CRC-32 of the row's text before its last comma, in 8 hex digits, so that a changed or damaged
/// row is refused instead of summarised. Numbers are written in Swift's shortest round-trip form, so reading a row
/// back gives the same bits.
public struct ToyTable: Sendable {
    public let names: [String]
    public let truth: [Double]
    public let minosIndices: [Int]

    public init(study: StudyModel) {
        names = study.config.parameters.map(\.name)
        truth = study.truth
        minosIndices = study.minosIndices
    }

    public var header: String {
        var columns = ["toy", "valid", "nll", "edm", "nfcn"]
        for name in names { columns += ["\(name)_true", "\(name)_value", "\(name)_error", "\(name)_pull"] }
        columns += ["events", "status", "ngrad", "retries"]
        for index in minosIndices { columns += ["\(names[index])_minos_lower", "\(names[index])_minos_upper"] }
        return (columns + ["checksum"]).joined(separator: ",")
    }

    /// One row, written field by field into one string (rank 0 writes every result of a study).
    public func row(_ result: ToyResult) -> String {
        var text = ""
        text.reserveCapacity(32 * columnCount)
        func add(_ field: some TextOutputStreamable) {
            if !text.isEmpty { text.write(",") }
            field.write(to: &text)
        }
        func add(_ field: Int) { add(String(field)) }
        add(result.toy)
        add(result.isValid ? "1" : "0")
        add(result.nll)
        add(result.edm)
        add(result.nfcn)
        for index in names.indices {
            add(truth[index])
            add(result.values[index])
            add(result.errors[index])
            add(result.pull(index, truth: truth[index]))
        }
        add(result.events)
        add(result.status.label)
        add(result.ngrad)
        add(result.retries)
        for index in minosIndices {
            add(result.minosLower[index])
            add(result.minosUpper[index])
        }
        let checksum = CRC32.hex(Substring(text))
        add(checksum)
        return text
    }

    /// The toy of a row whose checksum holds and whose column count is this table's; nil for anything else (a
    /// damaged or edited row, a torn last line after a kill, a row of another study).
    public func checkedToy(row: Substring) -> Int? {
        guard var body = checkedBody(row) else { return nil }
        return body.withUTF8 { bytes in
            var fields = RowFields(bytes)
            let toy = fields.integer()
            var commas = 1
            for byte in bytes where byte == Self.comma { commas += 1 }
            return commas == columnCount - 1 ? toy : nil
        }
    }

    /// Reads a row this table wrote; nil for anything else (see `checkedToy`).
    public func parse(row: Substring) -> ToyResult? {
        checkedBody(row).flatMap(parse(body:))
    }

    /// Reads a row whose checksum was checked already (by `checkedToy`).
    func parse(checkedRow row: Substring) -> ToyResult? {
        row.utf8.lastIndex(of: Self.comma).flatMap { parse(body: Substring(row.utf8[..<$0])) }
    }

    /// Reads the columns before the checksum.
    private func parse(body: Substring) -> ToyResult? {
        var body = body
        return body.withUTF8 { bytes in
            var fields = RowFields(bytes)
            let n = names.count
            guard let toy = fields.integer(), let validFlag = fields.next(), let nll = fields.number(),
                  let edm = fields.number(), let nfcn = fields.integer() else { return nil }
            var values: [Double] = [], errors: [Double] = []
            values.reserveCapacity(n)
            errors.reserveCapacity(n)
            for _ in 0..<n {
                guard fields.next() != nil, let value = fields.number(), let error = fields.number(), fields.next() != nil
                else { return nil }
                values.append(value)
                errors.append(error)
            }
            guard let events = fields.integer(), let label = fields.next(),
                  let status = ToyStatus(label: String(decoding: label, as: UTF8.self)),
                  status.contains(.valid) == validFlag.elementsEqual("1".utf8),
                  let ngrad = fields.integer(), let retries = fields.integer() else { return nil }
            var lower = [Double](repeating: .nan, count: n), upper = lower
            for index in minosIndices {
                guard let l = fields.number(), let u = fields.number() else { return nil }
                lower[index] = l
                upper[index] = u
            }
            guard fields.isAtEnd else { return nil }
            return ToyResult(toy: toy, events: events, status: status, nll: nll, edm: edm, nfcn: nfcn, ngrad: ngrad,
                             retries: retries, values: values, errors: errors, minosLower: lower, minosUpper: upper)
        }
    }

    /// Columns of a row, the checksum included.
    private var columnCount: Int { 5 + 4 * names.count + 4 + 2 * minosIndices.count + 1 }

    private static let comma = UInt8(ascii: ",")

    /// The row without its checksum column, if the checksum matches.
    private func checkedBody(_ row: Substring) -> Substring? {
        guard let comma = row.utf8.lastIndex(of: Self.comma) else { return nil }
        let body = Substring(row.utf8[..<comma])
        return Substring(row.utf8[row.utf8.index(after: comma)...]) == CRC32.hex(body) ? body : nil
    }
}

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

    public func row(_ result: ToyResult) -> String {
        var fields = [String(result.toy), result.isValid ? "1" : "0", Self.format(result.nll), Self.format(result.edm),
                      String(result.nfcn)]
        for index in names.indices {
            fields += [Self.format(truth[index]), Self.format(result.values[index]), Self.format(result.errors[index]),
                       Self.format(result.pull(index, truth: truth[index]))]
        }
        fields += [String(result.events), result.status.label, String(result.ngrad), String(result.retries)]
        for index in minosIndices { fields += [Self.format(result.minosLower[index]), Self.format(result.minosUpper[index])] }
        let text = fields.joined(separator: ",")
        return text + "," + CRC32.hex(Substring(text))
    }

    /// The toy of a row whose checksum holds and whose column count is this table's; nil for anything else (a
    /// damaged or edited row, a torn last line after a kill, a row of another study).
    public func checkedToy(row: Substring) -> Int? {
        guard let body = checkedBody(row), body.utf8.count(where: { $0 == UInt8(ascii: ",") }) == columnCount - 2 else {
            return nil
        }
        return Int(body.prefix { $0 != "," })
    }

    /// Reads a row this table wrote; nil for anything else (see `checkedToy`).
    public func parse(row: Substring) -> ToyResult? {
        guard let body = checkedBody(row) else { return nil }
        let fields = body.split(separator: ",", omittingEmptySubsequences: false)
        let n = names.count
        guard fields.count == columnCount - 1 else { return nil }
        func number(_ i: Int) -> Double? { Double(fields[i]) }
        func integer(_ i: Int) -> Int? { Int(fields[i]) }
        guard let toy = integer(0), let nll = number(2), let edm = number(3), let nfcn = integer(4) else { return nil }
        var values: [Double] = [], errors: [Double] = []
        for index in 0..<n {
            guard let value = number(5 + 4 * index + 1), let error = number(5 + 4 * index + 2) else { return nil }
            values.append(value)
            errors.append(error)
        }
        let tail = 5 + 4 * n
        guard let events = integer(tail), let status = ToyStatus(label: String(fields[tail + 1])),
              status.contains(.valid) == (fields[1] == "1"),
              let ngrad = integer(tail + 2), let retries = integer(tail + 3) else { return nil }
        var lower = [Double](repeating: .nan, count: n), upper = lower
        for (k, index) in minosIndices.enumerated() {
            guard let l = number(tail + 4 + 2 * k), let u = number(tail + 5 + 2 * k) else { return nil }
            lower[index] = l
            upper[index] = u
        }
        return ToyResult(toy: toy, events: events, status: status, nll: nll, edm: edm, nfcn: nfcn, ngrad: ngrad,
                         retries: retries, values: values, errors: errors, minosLower: lower, minosUpper: upper)
    }

    /// Columns of a row, the checksum included.
    private var columnCount: Int { 5 + 4 * names.count + 4 + 2 * minosIndices.count + 1 }

    /// The row without its checksum column, if the checksum matches.
    private func checkedBody(_ row: Substring) -> Substring? {
        guard let comma = row.lastIndex(of: ",") else { return nil }
        let body = row[..<comma]
        return row[row.index(after: comma)...] == CRC32.hex(body) ? body : nil
    }

    /// Shortest representation that reads back to the same Double ("nan", "inf", "-inf" for the non-finite).
    public static func format(_ value: Double) -> String { "\(value)" }
}

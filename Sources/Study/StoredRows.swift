/// One checked, streaming pass over a stored toys file (toys.csv, toys.partial.csv). Every row must carry a valid
/// checksum and this study's columns, and a toy may appear twice only with identical contents (given once);
/// anything else is refused naming the file and the line, so that damaged results are never resumed, merged or
/// summarised. Memory holds the finished toys as ranges, not the rows.
public struct StoredRows: Sendable {
    public let path: String
    public let table: RecordTable
    /// Drop an unterminated last line: in toys.partial.csv it is a write torn by a kill.
    public let tornLastLineDropped: Bool

    public struct Outcome: Sendable {
        /// The distinct toys of the file.
        public var toys = ToySet()
        /// The file's length up to the end of its last complete row (or 0 without a complete header).
        public var completeBytes = 0
    }

    /// Calls `visit(toy, row, line)` for every distinct row, in file order.
    @discardableResult
    public func scan(_ visit: (Int, Substring, Int) throws -> Void) throws -> Outcome {
        var outcome = Outcome()
        let reader = try LineReader(path: path)
        var previous: (toy: Int, row: String, line: Int)?
        // Repeats not next to their first occurrence; checked against it in a second pass (they are rare).
        var repeats: [(toy: Int, row: String, line: Int)] = []
        while let (text, terminated) = try reader.next() {
            if !terminated && tornLastLineDropped { break }
            if reader.lineNumber == 1 {
                guard text == table.header else { throw refusal(1, "its header is not this study's columns; it belongs to another study or another version of toystudy") }
                outcome.completeBytes = reader.completeBytes
                continue
            }
            let row = Substring(text)
            guard let toy = table.checkedKey(row: row) else {
                throw refusal(reader.lineNumber, "the row's checksum does not match its contents (the file was changed or damaged after toystudy wrote it); restore the file, or delete the row so that --resume fits the toy again")
            }
            if outcome.toys.insert(toy) {
                try visit(toy, row, reader.lineNumber)
            } else if let previous, previous.toy == toy {
                try requireSame(toy, text, reader.lineNumber, as: previous.row, previous.line)
            } else {
                repeats.append((toy, text, reader.lineNumber))
            }
            previous = (toy, text, reader.lineNumber)
            outcome.completeBytes = reader.completeBytes
        }
        if !repeats.isEmpty { try checkRepeats(repeats) }
        return outcome
    }

    /// Finds the first occurrence of every repeated toy and requires identical contents.
    private func checkRepeats(_ repeats: [(toy: Int, row: String, line: Int)]) throws {
        var first: [Int: (row: String, line: Int)] = [:]
        let wanted = Set(repeats.map(\.toy))
        let reader = try LineReader(path: path)
        while let (text, _) = try reader.next(), first.count < wanted.count {
            guard reader.lineNumber > 1, let toy = table.checkedKey(row: Substring(text)), wanted.contains(toy),
                  first[toy] == nil else { continue }
            first[toy] = (text, reader.lineNumber)
        }
        for repeated in repeats {
            let original = first[repeated.toy]!
            try requireSame(repeated.toy, repeated.row, repeated.line, as: original.row, original.line)
        }
    }

    private func requireSame(_ toy: Int, _ row: String, _ line: Int, as original: String, _ originalLine: Int) throws {
        guard row == original else {
            throw refusal(line, "toy \(toy) appears twice with different contents (also on line \(originalLine)); keep the right row and delete the other")
        }
    }

    private func refusal(_ line: Int, _ message: String) -> ConfigError { ConfigError(field: "\(path):\(line)", message) }
}

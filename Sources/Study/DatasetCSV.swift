import Foundation

/// Datasets as CSV files with a header row: what `toystudy generate` writes and `toystudy fit` reads, so a
/// generated toy can be refitted, and real data fitted with the same model.
public enum DatasetCSV {
    /// The column named `column` of a CSV file (comma-separated, header row first).
    public static func read(path: String, column: String) throws(ConfigError) -> [Double] {
        try read(path: path, columns: [column])[0]
    }

    /// The columns named `columns`, in that order, of a CSV file (comma-separated, header row first); every
    /// value a finite number. Errors name `field` (the flag or config field that gave the path).
    public static func read(path: String, columns: [String], field: String = "--data") throws(ConfigError) -> [[Double]] {
        let wanted = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(field: field, "\(path) does not exist or cannot be read; give a CSV file with columns \(wanted)")
        }
        var lines = text.split(whereSeparator: \.isNewline).makeIterator()
        guard let header = lines.next() else {
            throw ConfigError(field: field, "\(path) is empty; it needs a header row with columns \(wanted)")
        }
        let names = header.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        var indices: [Int] = []
        for column in columns {
            guard let index = names.firstIndex(of: column) else {
                throw ConfigError(field: field, "\(path) has no column \"\(column)\"; its columns are: \(names.joined(separator: ", "))")
            }
            indices.append(index)
        }
        var values = [[Double]](repeating: [], count: columns.count)
        var lineNumber = 1
        while let line = lines.next() {
            lineNumber += 1
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            for (c, index) in indices.enumerated() {
                guard index < fields.count, let value = Double(fields[index].trimmingCharacters(in: .whitespaces)),
                      value.isFinite else {
                    throw ConfigError(field: field, "\(path) line \(lineNumber): column \"\(columns[c])\" is not a finite number; fix or remove that row")
                }
                values[c].append(value)
            }
        }
        return values
    }

    /// One column per observable, named after it.
    public static func text(observables: [String], columns: [[Double]]) -> String {
        var lines = [observables.joined(separator: ",")]
        for i in 0..<(columns.first?.count ?? 0) { lines.append(columns.map { "\($0[i])" }.joined(separator: ",")) }
        return lines.joined(separator: "\n") + "\n"
    }
}

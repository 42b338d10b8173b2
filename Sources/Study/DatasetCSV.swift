import Foundation

/// Datasets as CSV files with a header row: what `toystudy generate` writes and `toystudy fit` reads, so a
/// generated toy can be refitted, and real data fitted with the same model.
public enum DatasetCSV {
    /// One column named after the observable, values in shortest round-trip form.
    public static func text(observable: String, values: [Double]) -> String {
        ([observable] + values.map { "\($0)" }).joined(separator: "\n") + "\n"
    }

    /// The column named `column` of a CSV file (comma-separated, header row first).
    public static func read(path: String, column: String) throws(ConfigError) -> [Double] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(field: "--data", "\(path) does not exist or cannot be read; give a CSV file with a column \"\(column)\"")
        }
        var lines = text.split(whereSeparator: \.isNewline).makeIterator()
        guard let header = lines.next() else {
            throw ConfigError(field: "--data", "\(path) is empty; it needs a header row with a column \"\(column)\"")
        }
        let names = header.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        guard let index = names.firstIndex(of: column) else {
            throw ConfigError(field: "--data", "\(path) has no column \"\(column)\" (the observable's name); its columns are: \(names.joined(separator: ", "))")
        }
        var values: [Double] = []
        var lineNumber = 1
        while let line = lines.next() {
            lineNumber += 1
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard index < fields.count, let value = Double(fields[index].trimmingCharacters(in: .whitespaces)),
                  value.isFinite else {
                throw ConfigError(field: "--data", "\(path) line \(lineNumber): column \"\(column)\" is not a finite number; fix or remove that row")
            }
            values.append(value)
        }
        return values
    }
}

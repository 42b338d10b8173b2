import Foundation
import Likelihood

/// Reads a histogram pdf's `"template"`: a CSV file with columns low, high, content (a path relative to the
/// config file), or the same inline as `{"low": [...], "high": [...], "content": [...]}`, the form study.json
/// keeps so a result directory holds its whole study.
struct TemplateReader {
    /// Where relative paths start; nil: the working directory.
    let baseDirectory: String?

    func read(_ value: JSONValue, field: String, observable: StudyConfig.Observable) throws(ConfigError) -> HistogramTemplate {
        let low: [Double], high: [Double], content: [Double], source: String
        switch value {
        case let .string(path):
            let resolved = path.hasPrefix("/") || baseDirectory == nil ? path
                : URL(fileURLWithPath: baseDirectory!).appendingPathComponent(path).path
            let columns = try DatasetCSV.read(path: resolved, columns: ["low", "high", "content"], field: field)
            (low, high, content, source) = (columns[0], columns[1], columns[2], "\(path) row")
        case .object:
            let reader = try FieldReader(value, path: field, allowed: ["low", "high", "content"])
            func numbers(_ key: String) throws(ConfigError) -> [Double] {
                guard case let .array(elements) = try reader.required(key, hint: "give the bins' \(key) values as a list") else {
                    throw ConfigError(field: reader.field(key), "expected a list of numbers")
                }
                var values: [Double] = []
                for (index, element) in elements.enumerated() { values.append(try FieldReader.number(element, field: "\(reader.field(key))[\(index)]")) }
                return values
            }
            (low, high, content, source) = (try numbers("low"), try numbers("high"), try numbers("content"), "bin")
            guard low.count == high.count && high.count == content.count else {
                throw ConfigError(field: field, "low, high and content must have one entry per bin (got \(low.count), \(high.count), \(content.count))")
            }
        default:
            throw ConfigError(field: field, "expected the path of a CSV file (columns low, high, content), got \(value.kindName)")
        }
        return try checked(low: low, high: high, content: content, field: field, source: source, observable: observable)
    }

    /// Contiguous increasing bins with finite, non-negative contents, some of it inside the observable's range.
    private func checked(low: [Double], high: [Double], content: [Double], field: String, source: String,
                         observable: StudyConfig.Observable) throws(ConfigError) -> HistogramTemplate {
        guard !low.isEmpty else { throw ConfigError(field: field, "has no bins; give at least one row low, high, content") }
        for bin in low.indices {
            let where_ = "\(source) \(bin + 1)"
            guard low[bin].isFinite, high[bin].isFinite, low[bin] < high[bin] else {
                throw ConfigError(field: field, "\(where_): low \(low[bin]) must be below high \(high[bin]), both finite")
            }
            guard content[bin].isFinite, content[bin] >= 0 else {
                throw ConfigError(field: field, "\(where_): content \(content[bin]) must be a finite number >= 0")
            }
            guard bin == 0 || low[bin] == high[bin - 1] else {
                throw ConfigError(field: field, "\(where_): low \(low[bin]) must equal the previous bin's high \(high[bin - 1]); bins are contiguous and in order")
            }
        }
        let template = HistogramTemplate(edges: low + [high.last!], contents: content)!
        guard template.content(from: observable.min, to: observable.max) > 0 else {
            throw ConfigError(field: field, "has no content inside observable \(observable.name)'s range [\(observable.min), \(observable.max)], so it is no density there; fill the bins in the range")
        }
        return template
    }
}

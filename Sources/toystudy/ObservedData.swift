import Foundation
import Study

/// A user's dataset for `fit` and the hypothesis tests: the CSV column named after the observable, the events
/// inside the observable's range (a note on stderr says how many lie outside and are not fitted).
enum ObservedData {
    static func events(path: String, config: StudyConfig) throws(ConfigError) -> [Double] {
        let all = try DatasetCSV.read(path: path, column: config.observable.name)
        let events = all.filter { $0 >= config.observable.min && $0 <= config.observable.max }
        if events.count < all.count {
            FileHandle.standardError.write(Data(("toystudy: note: \(all.count - events.count) of \(all.count) events lie "
                + "outside [\(config.observable.min), \(config.observable.max)] and are not fitted\n").utf8))
        }
        return events
    }
}

/// Which toy generator made a study's toys. Toy i is a pure function of (seed, i) for one generator, but a new
/// generator (other samplers, another use of the random stream) gives other toys for the same seed, so
/// study.json records the version and `--resume` and `merge` refuse to mix toys of two versions.
public enum GeneratorVersion {
    /// 1: per-event CDF inversion; 2: vectorised exact samplers, uniforms a buffer at a time.
    public static let current = 2

    /// The study.json key.
    public static let key = "generator"

    /// The version a study.json text records; files written before versions were recorded hold version 1.
    public static func of(studyText: String) -> Int {
        guard let json = try? JSONParser.parse(studyText), case let .object(members) = json,
              let value = members.first(where: { $0.key == key })?.value, case let .number(version) = value else { return 1 }
        return Int(version)
    }

    /// Refuses results in `path` (its study.json text `stored`) made by another generator version, naming `field`.
    public static func check(stored: String, path: String, field: String) throws(ConfigError) {
        let version = of(studyText: stored)
        guard version == current else {
            throw ConfigError(field: field, "\(path) was generated with generator version \(version), this toystudy generates version \(current); its toys cannot be mixed with new ones: rerun the study into another --output (or use the toystudy that made them)")
        }
    }
}

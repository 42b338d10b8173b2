/// A hypothesis test's study.json: the config (as for a pull study) and a `test` member with the command's
/// settings and the numbers the observed data gave, written exactly (shortest round-trip decimals; NaN as null),
/// so a restored test generates the same toys and reports the same results.
enum HypothesisStudyFile {
    static let key = "test"

    static func text(config: StudyConfig, test: HypothesisTest) -> String {
        let pull = ResultDirectory.studyText(config)
        guard case let .object(members)? = try? JSONParser.parse(pull) else { return pull }
        return JSONValue.object(members + [(key, json(test))]).serialized(indent: 2) + "\n"
    }

    static func json(_ test: HypothesisTest) -> JSONValue {
        func numbers(_ values: [Double]) -> JSONValue { .array(values.map(JSONValue.number)) }
        return .object([
            ("command", .string(test.kind.rawValue)), ("poi", .string(test.poiName)), ("poi_index", .integer(test.poi)),
            ("boundary", .number(test.boundary)), ("cl", .number(test.cl)), ("toys", .integer(test.toys)),
            ("seed", .integer(test.seed)), ("data_events", .integer(test.dataEvents)),
            ("poi_hat", .number(test.poiHat)), ("poi_hat_error", .number(test.poiHatError)), ("steps", numbers(test.steps)),
            ("background", numbers(test.background)),
            ("points", .array(test.points.map { p in
                .object([("poi", .number(p.poi)), ("observed", .number(p.observed)), ("asimov", .number(p.asimov)),
                         ("conditional", numbers(p.conditional))])
            })),
        ])
    }

    /// The config and test of a study.json text; nil when it has no `test` (a pull study). Throws for a test
    /// member that is not one this toystudy wrote.
    static func restore(_ text: String) throws(ConfigError) -> (StudyConfig, HypothesisTest)? {
        guard case let .object(members)? = try? JSONParser.parse(text),
              let testJSON = members.first(where: { $0.key == key })?.value else { return nil }
        let config = try StudyConfig.parse(JSONValue.object(members.filter { $0.key != key }).serialized(indent: 2))
        guard let test = test(testJSON) else {
            throw ConfigError(field: key, "is not a hypothesis test this toystudy wrote; rerun the test into another --output")
        }
        return (config, test)
    }

    private static func test(_ json: JSONValue) -> HypothesisTest? {
        guard case let .object(members) = json else { return nil }
        func value(_ name: String) -> JSONValue? { members.first { $0.key == name }?.value }
        func number(_ json: JSONValue?) -> Double? {
            switch json {
            case let .number(x)?: x
            case .null?: .nan
            default: nil
            }
        }
        func numbers(_ json: JSONValue?) -> [Double]? {
            guard case let .array(elements)? = json else { return nil }
            let values = elements.compactMap { number($0) }
            return values.count == elements.count ? values : nil
        }
        guard case let .string(command)? = value("command"), let kind = HypothesisTest.Kind(rawValue: command),
              case let .string(poiName)? = value("poi"), let poi = value("poi_index")?.exactly(Int.self),
              let boundary = number(value("boundary")), let cl = number(value("cl")),
              let toys = value("toys")?.exactly(Int.self), let seed = value("seed")?.exactly(UInt64.self),
              let events = value("data_events")?.exactly(Int.self), let poiHat = number(value("poi_hat")),
              let poiHatError = number(value("poi_hat_error")), let steps = numbers(value("steps")),
              let background = numbers(value("background")), case let .array(pointsJSON)? = value("points") else { return nil }
        var points: [HypothesisTest.Point] = []
        for pointJSON in pointsJSON {
            guard case let .object(fields) = pointJSON else { return nil }
            func field(_ name: String) -> JSONValue? { fields.first { $0.key == name }?.value }
            guard let poiValue = number(field("poi")), let observed = number(field("observed")),
                  let asimov = number(field("asimov")), let conditional = numbers(field("conditional")) else { return nil }
            points.append(.init(poi: poiValue, observed: observed, conditional: conditional, asimov: asimov))
        }
        return HypothesisTest(kind: kind, poi: poi, poiName: poiName, boundary: boundary, cl: cl, toys: toys, seed: seed,
                              poiHat: poiHat, poiHatError: poiHatError, steps: steps, dataEvents: events, points: points,
                              background: background)
    }
}

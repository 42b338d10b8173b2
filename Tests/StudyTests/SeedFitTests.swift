import Foundation
import Testing
import Minimizer
@testable import Study

/// The seed fit against iminuit's reference on the seed dataset (Tests/Fixtures/seed-peak-reference.json): the
/// minimum, the HESSE errors and the MINOS crossings of the exact profile likelihood.
@Suite struct SeedFitTests {
    struct Reference {
        var start: [Double]
        var nllAtStart: Double
        var values: [Double]
        var errors: [Double]
        var minos: [(lower: Double, upper: Double)]
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func reference() throws -> Reference {
        let json = try JSONParser.parse(try String(contentsOf: fixtures.appendingPathComponent("seed-peak-reference.json"), encoding: .utf8))
        func member(_ value: JSONValue, _ key: String) -> JSONValue? {
            if case let .object(members) = value { return members.first { $0.key == key }?.value }
            return nil
        }
        func numbers(_ value: JSONValue?) -> [Double] {
            guard case let .array(items)? = value else { return [] }
            return items.compactMap { if case let .number(x) = $0 { x } else { nil } }
        }
        let exact = try #require(member(json, "exact_minimum"))
        let minos = try #require(member(exact, "minos"))
        guard case let .number(nll)? = member(json, "nll_at_start") else { throw ConfigError(field: "nll_at_start", "missing") }
        return Reference(start: numbers(member(json, "start")), nllAtStart: nll, values: numbers(member(exact, "values")),
                         errors: numbers(member(exact, "errors")),
                         minos: ["ns", "nb", "mu", "sigma", "lambd"].map {
                             let pair = numbers(member(minos, $0))
                             return (pair[0], pair[1])
                         })
    }

    /// The seed model with the reference's start values (nb starts at 20000, 1.5 sigma-widths from its minimum).
    static func seedStudy(minos: [String], gradient: StudyConfig.Gradient = .analytic) throws -> StudyModel {
        var config = try StudyConfig.parse(seedPeakConfig)
        let reference = try reference()
        for index in config.parameters.indices { config.parameters[index].start = reference.start[index] }
        config.fit.minos = minos
        config.fit.gradient = gradient
        return StudyModel(config: config)
    }

    static func seedData() throws -> [Double] {
        try DatasetCSV.read(path: fixtures.appendingPathComponent("seed-peak.csv").path, column: "x")
    }

    @Test(arguments: [StudyConfig.Gradient.analytic, .numerical])
    func migradHesseMinosMatchTheExactMinimum(gradient: StudyConfig.Gradient) throws {
        let reference = try Self.reference()
        let names = ["ns", "nb", "mu", "sigma", "tau"]
        let fitter = DatasetFitter(study: try Self.seedStudy(minos: names, gradient: gradient))
        let data = try Self.seedData()
        #expect(data.count == 15_542)
        let nll = fitter.likelihood(for: data).value(reference.start)
        #expect(abs(nll - reference.nllAtStart) <= 1e-10 * abs(reference.nllAtStart))

        let result = fitter.fit(data)
        #expect(result.isValid)
        for (i, name) in names.enumerated() {
            let sigma = reference.errors[i]
            #expect(abs(result.values[i] - reference.values[i]) < 0.01 * sigma, "\(name): value \(result.values[i])")
            #expect(abs(result.errors[i] / sigma - 1) < 1e-3, "\(name): error \(result.errors[i]) vs \(sigma)")
            let minos = try #require(result.minos[i], "\(name): no MINOS result")
            #expect(minos.isValid)
            let lower = result.values[i] + minos.lower, upper = result.values[i] + minos.upper
            let exactLower = reference.values[i] + reference.minos[i].lower
            let exactUpper = reference.values[i] + reference.minos[i].upper
            #expect(abs(lower - exactLower) < 0.01 * sigma, "\(name): MINOS lower end \(lower) vs \(exactLower)")
            #expect(abs(upper - exactUpper) < 0.01 * sigma, "\(name): MINOS upper end \(upper) vs \(exactUpper)")
        }
    }
}

/// The binned fit (`fit.bins`) of the seed dataset lands on the unbinned minimum: with 200 bins of width 0.04 on
/// a peak of width 0.48 the information lost is small, well below 0.1 of an error.
@Suite struct BinnedSeedFitTests {
    @Test func binnedFitAgreesWithTheUnbinnedOne() throws {
        var config = try StudyConfig.parse(seedPeakConfig)
        let unbinned = DatasetFitter(study: StudyModel(config: config)).fit(try SeedFitTests.seedData())
        config.fit.bins = 200
        let binned = DatasetFitter(study: StudyModel(config: config)).fit(try SeedFitTests.seedData())
        #expect(unbinned.isValid && binned.isValid)
        for i in 0..<5 {
            #expect(abs(binned.values[i] - unbinned.values[i]) < 0.1 * unbinned.errors[i], "parameter \(i)")
            #expect(abs(binned.errors[i] / unbinned.errors[i] - 1) < 0.05, "parameter \(i)")
        }
    }
}

/// A binned fit of several observables (`fit.bins` on each, a grid) lands on the unbinned minimum too: the 2-D
/// example's toy on 100 x 100 cells, a mass bin 0.2 of the peak's width and a time bin 0.07 of the lifetime.
@Suite struct BinnedGridFitTests {
    @Test func gridFitAgreesWithTheUnbinnedOne() throws {
        var config = try ExampleFitTests.study("mass-time").config
        let data = StudyModel(config: config).generate(toy: 3, seed: 1).dataset
        let unbinned = DatasetFitter(study: StudyModel(config: config)).fit(data)
        config.fit.bins = 100
        let binned = DatasetFitter(study: StudyModel(config: config)).fit(data)
        #expect(unbinned.isValid && binned.isValid)
        for i in config.parameters.indices {
            #expect(abs(binned.values[i] - unbinned.values[i]) < 0.1 * unbinned.errors[i], "\(config.parameters[i].name)")
            #expect(abs(binned.errors[i] / unbinned.errors[i] - 1) < 0.05, "\(config.parameters[i].name)")
        }
    }
}

import Foundation
import Testing
@testable import Study

/// The config fields of channels, several observables, products, templates, `generate` and `toys.poisson`:
/// what they accept, the one line naming the field for what they refuse, and study.json keeping them.
@Suite struct ModelConfigTests {
    /// The mass x time example with one replacement.
    static func massTime(replacing old: String, with new: String) throws -> String {
        let text = try String(contentsOf: ExampleFitTests.examples.appendingPathComponent("mass-time.json"), encoding: .utf8)
        let changed = text.replacingOccurrences(of: old, with: new)
        #expect(changed != text)
        return changed
    }

    static func twoChannel(replacing old: String, with new: String) throws -> String {
        let text = try String(contentsOf: ExampleFitTests.examples.appendingPathComponent("two-channel.json"), encoding: .utf8)
        let changed = text.replacingOccurrences(of: old, with: new)
        #expect(changed != text)
        return changed
    }

    static let productOfMass = "{\"observable\": \"mass\", \"pdf\": \"exponential\", \"parameters\": {\"tau\": \"tau_mass\"}},"

    @Test(arguments: [
        ("observables", "\"observables\": [", "\"observable\": {\"name\": \"x\", \"min\": 0, \"max\": 1}, \"observables\": [",
         "observables", "not both"),
        ("product without an observable", productOfMass, "", "model[1].product", "no pdf for observable \"mass\""),
        ("product with an unknown observable", "{\"observable\": \"mass\", \"pdf\": \"exponential\"",
         "{\"observable\": \"energy\", \"pdf\": \"exponential\"", "model[1].product[0].observable", "not one of mass, time"),
        ("product twice on one observable", "{\"observable\": \"time\", \"pdf\": \"exponential\", \"parameters\": {\"tau\": \"tau_time\"}}",
         "{\"observable\": \"mass\", \"pdf\": \"exponential\", \"parameters\": {\"tau\": \"tau_time\"}}", "model[1].product[1].observable", "two pdfs"),
        ("plain pdf in two dimensions", "{\"name\": \"background\", \"yield\": \"nbkg\", \"product\": [",
         "{\"name\": \"background\", \"yield\": \"nbkg\", \"pdf\": \"uniform\"}, {\"name\": \"b2\", \"yield\": \"nbkg\", \"product\": [",
         "model[1].product", "missing; with observables mass, time"),
        ("binned fit of too many cells", "\"toys\": {", "\"fit\": {\"bins\": 1001}, \"toys\": {", "fit.bins",
         "1001 bins on each of the 2 observables of the study are more than the 1000000 cells a binned fit may have; use at most 1000 bins"),
        ("histogram without a template", "{\"observable\": \"time\", \"pdf\": \"exponential\", \"parameters\": {\"tau\": \"tau_time\"}}",
         "{\"observable\": \"time\", \"pdf\": \"histogram\"}", "model[1].product[1].template", "missing"),
        ("template on a library pdf", "\"pdf\": \"gaussian\",", "\"pdf\": \"gaussian\", \"template\": \"a.csv\",",
         "model[0].product[0].template", "only a histogram"),
        ("non-contiguous template", "{\"observable\": \"time\", \"pdf\": \"exponential\", \"parameters\": {\"tau\": \"tau_time\"}}",
         "{\"observable\": \"time\", \"pdf\": \"histogram\", \"template\": {\"low\": [0, 2], \"high\": [1, 3], \"content\": [1, 1]}}",
         "model[1].product[1].template", "bin 2: low 2.0 must equal the previous bin's high 1.0"),
        ("template outside the range", "{\"observable\": \"time\", \"pdf\": \"exponential\", \"parameters\": {\"tau\": \"tau_time\"}}",
         "{\"observable\": \"time\", \"pdf\": \"histogram\", \"template\": {\"low\": [20], \"high\": [30], \"content\": [5]}}",
         "model[1].product[1].template", "no content inside observable time's range"),
        ("missing template file", "{\"observable\": \"time\", \"pdf\": \"exponential\", \"parameters\": {\"tau\": \"tau_time\"}}",
         "{\"observable\": \"time\", \"pdf\": \"histogram\", \"template\": \"/nonexistent/t.csv\"}",
         "model[1].product[1].template", "/nonexistent/t.csv does not exist"),
        ("unused generation value", "\"toys\": {", "\"generate\": {\"parameters\": {\"alpha\": {\"value\": 1}}}, \"toys\": {",
         "generate.parameters.alpha", "not used by the model toys are generated with"),
        ("generation truth outside the domain", "\"toys\": {", "\"generate\": {\"parameters\": {\"width\": {\"value\": -1}}}, \"toys\": {",
         "generate.parameters.width.value", "sigma must be positive"),
        ("poisson not a flag", "\"seed\": 1}", "\"seed\": 1, \"poisson\": 0}", "toys.poisson", "expected true or false"),
    ] as [(String, String, String, String, String)])
    func observablesAndProductsRefuseWithTheField(_ label: String, _ old: String, _ new: String, _ field: String, _ message: String) throws {
        let error = try #require(parseError(try Self.massTime(replacing: old, with: new)), "\(label)")
        #expect(error.field == field, "\(label): \(error)")
        #expect(error.message.contains(message), "\(label): \(error)")
        #expect(!error.description.contains("\n"))
    }

    @Test(arguments: [
        ("channels beside a model", "\"channels\": [", "\"model\": [], \"channels\": [", "model", "move \"model\" into the channels"),
        ("two channels of one name", "\"name\": \"control\"", "\"name\": \"signal_region\"", "channels[1].name", "used by two channels"),
        ("a channel name that is no identifier", "\"name\": \"control\"", "\"name\": \"control region\"", "channels[1].name", "not an identifier"),
        ("generation model with channels", "\"toys\": {", "\"generate\": {\"model\": []}, \"toys\": {", "generate.model", "give generate.channels"),
        ("generation model of an unknown channel", "\"toys\": {", "\"generate\": {\"channels\": [{\"name\": \"sr\", \"model\": []}]}, \"toys\": {",
         "generate.channels[0].name", "\"sr\" is not a channel of the study; use one of signal_region, control"),
        ("an empty generation model of a channel", "\"toys\": {", "\"generate\": {\"channels\": [{\"name\": \"control\", \"model\": []}]}, \"toys\": {",
         "generate.channels[0].model", "is empty"),
        ("an alternative model without its channel", "\"toys\": {", "\"alternatives\": [{\"name\": \"A\", \"model\": []}], \"toys\": {",
         "alternatives[0].model", "unknown"),
        ("an alternative of a channel twice", "\"toys\": {",
         "\"alternatives\": [{\"name\": \"A\", \"channels\": [{\"name\": \"control\", \"model\": []}, {\"name\": \"control\", \"model\": []}]}], \"toys\": {",
         "alternatives[0].channels[1].name", "given twice"),
        ("a channel without a model", ",\n     \"model\": [\n       {\"name\": \"background\", \"pdf\": \"exponential\", \"yield\": \"nbkg_cr\", \"parameters\": {\"tau\": \"tau\"}}\n     ]}",
         "}", "channels[1].model", "missing"),
    ] as [(String, String, String, String, String)])
    func channelsRefuseWithTheField(_ label: String, _ old: String, _ new: String, _ field: String, _ message: String) throws {
        let error = try #require(parseError(try Self.twoChannel(replacing: old, with: new)), "\(label)")
        #expect(error.field == field, "\(label): \(error)")
        #expect(error.message.contains(message), "\(label): \(error)")
    }

    /// study.json holds the whole study (a template inline) and reads back to the same config, also from
    /// another directory; toys.poisson false is kept.
    @Test(arguments: ["systematic-cb-chebyshev", "two-channel", "two-channel-systematic", "mass-time", "template"])
    func studyJSONReadsBackTheSameStudy(name: String) throws {
        var config = try ExampleFitTests.study(name).config
        config.toys.poisson = false
        let text = ResultDirectory.studyText(config)
        let again = try StudyConfig.parse(text, baseDirectory: "/nonexistent")
        #expect(again == config)
        #expect(ResultDirectory.studyText(again) == text)
        #expect(text.contains("\"poisson\": false"))
    }

    /// A template path is relative to the config file, wherever toystudy runs.
    @Test func templatePathIsRelativeToTheConfig() throws {
        let config = try ExampleFitTests.study("template").config
        guard case let .histogram(template) = config.model[1].pdf else {
            Issue.record("the template example's background is no histogram")
            return
        }
        #expect(template.edges.count == 21 && template.contents[0] == 963)
        let error = try #require(parseError(try String(contentsOf: ExampleFitTests.examples.appendingPathComponent("template.json"), encoding: .utf8)))
        #expect(error.field == "model[1].template" && error.message.contains("template-background.csv does not exist"))
    }
}

import Likelihood

/// Parsing of what a study generates and fits: channels, their observables, their components and each
/// component's pdfs (one, or a product of one per observable), and the `"generate"` section.
extension StudyConfig {
    /// `"observable": {...}` or `"observables": [{...}, ...]` of `reader` (the top level or a channel).
    static func parseObservables(_ reader: FieldReader, path: String) throws(ConfigError) -> [Observable] {
        switch (reader.optional("observable"), reader.optional("observables")) {
        case let (single?, nil):
            return [try parseObservable(single, path: reader.field("observable"))]
        case let (nil, list?):
            let field = reader.field("observables")
            guard case let .array(elements) = list, !elements.isEmpty else {
                throw ConfigError(field: field, "expected a non-empty list of observables, e.g. [{\"name\": \"m\", \"min\": 5.0, \"max\": 6.0}, {\"name\": \"t\", \"min\": 0.0, \"max\": 10.0}]")
            }
            var observables: [Observable] = []
            for (index, element) in elements.enumerated() {
                let observable = try parseObservable(element, path: "\(field)[\(index)]")
                guard !observables.contains(where: { $0.name == observable.name }) else {
                    throw ConfigError(field: "\(field)[\(index)].name", "\"\(observable.name)\" is used by two observables; give each a different name")
                }
                observables.append(observable)
            }
            return observables
        case (_?, _?):
            throw ConfigError(field: reader.field("observables"), "give either \"observable\" (one) or \"observables\" (a list), not both")
        case (nil, nil):
            throw ConfigError(field: reader.field("observable"), "missing; e.g. \"observable\": {\"name\": \"x\", \"min\": 1.0, \"max\": 9.0}")
        }
    }

    private static func parseObservable(_ value: JSONValue, path: String) throws(ConfigError) -> Observable {
        let reader = try FieldReader(value, path: path, allowed: ["name", "min", "max"])
        let name = try reader.string("name", hint: "name the observable, e.g. \"name\": \"x\"")
        try ConfigNames.checkIdentifier(name, field: "\(path).name", what: "observable name")
        let min = try reader.number("min", hint: "give the lower end of the fit range")
        let max = try reader.number("max", hint: "give the upper end of the fit range")
        guard min < max else {
            throw ConfigError(field: "\(path).min", "must be below \(path).max (\(min) >= \(max)); swap them or fix the range")
        }
        return Observable(name: name, min: min, max: max)
    }

    static func parseChannels(_ value: JSONValue, known: Set<String>, templates: TemplateReader) throws(ConfigError) -> [Channel] {
        guard case let .array(elements) = value, !elements.isEmpty else {
            throw ConfigError(field: "channels", "expected a non-empty list of channels, e.g. [{\"name\": \"signal_region\", \"observable\": {...}, \"model\": [...]}]")
        }
        var channels: [Channel] = []
        for (index, element) in elements.enumerated() {
            let path = "channels[\(index)]"
            let reader = try FieldReader(element, path: path, allowed: ["name", "observable", "observables", "model"])
            let name = try reader.string("name", hint: "name the channel, e.g. \"signal_region\"")
            try ConfigNames.checkIdentifier(name, field: "\(path).name", what: "channel name")
            guard !channels.contains(where: { $0.name == name }) else {
                throw ConfigError(field: "\(path).name", "\"\(name)\" is used by two channels; give each a different name")
            }
            let observables = try parseObservables(reader, path: path)
            let model = try parseModel(try reader.required("model", hint: "a list of components, e.g. [{\"name\": \"background\", ...}]"),
                                       path: "\(path).model", observables: observables, known: known, templates: templates)
            channels.append(Channel(name: name, observables: observables, model: model))
        }
        return channels
    }

    /// A channel's components; every name they use must be in `known`.
    static func parseModel(_ value: JSONValue, path: String, observables: [Observable], known: Set<String>,
                           templates: TemplateReader) throws(ConfigError) -> [Component] {
        guard case let .array(elements) = value else {
            throw ConfigError(field: path, "expected a list of components [...], got \(value.kindName)")
        }
        guard !elements.isEmpty else { throw ConfigError(field: path, "is empty; give at least one component") }
        var components: [Component] = [], names = Set<String>()
        for (index, element) in elements.enumerated() {
            let path = "\(path)[\(index)]"
            let reader = try FieldReader(element, path: path, allowed: ["name", "pdf", "yield", "parameters", "template", "product"])
            let name = try reader.string("name", hint: "name the component, e.g. \"signal\"")
            try ConfigNames.checkIdentifier(name, field: "\(path).name", what: "component name")
            guard names.insert(name).inserted else {
                throw ConfigError(field: "\(path).name", "\"\(name)\" is used by two components; give each a different name")
            }
            let yield = try reader.string("yield", hint: "name the parameter that is this component's yield")
            guard known.contains(yield) else {
                throw ConfigError(field: "\(path).yield", "names parameter \"\(yield)\", which \"parameters\" lacks; add it there or fix the name")
            }
            let factors: [Factor]
            if let product = reader.optional("product") {
                if let clash = ["pdf", "parameters", "template"].first(where: { reader.optional($0) != nil }) {
                    throw ConfigError(field: reader.field(clash), "a component with \"product\" gives its pdfs in the product; move \"\(clash)\" into its entries")
                }
                factors = try parseProduct(product, path: reader.field("product"), observables: observables, known: known, templates: templates)
            } else {
                guard observables.count == 1 else {
                    throw ConfigError(field: reader.field("product"), "missing; with observables \(observables.map(\.name).joined(separator: ", ")) a component is a product of one pdf per observable, e.g. \"product\": [{\"observable\": \"\(observables[0].name)\", \"pdf\": \"gaussian\", \"parameters\": {...}}, ...]")
                }
                factors = [try parseFactor(reader, observable: observables[0], known: known, templates: templates)]
            }
            components.append(Component(name: name, yield: yield, factors: factors, isProduct: reader.optional("product") != nil))
        }
        return components
    }

    private static func parseProduct(_ value: JSONValue, path: String, observables: [Observable], known: Set<String>,
                                     templates: TemplateReader) throws(ConfigError) -> [Factor] {
        guard case let .array(elements) = value else {
            throw ConfigError(field: path, "expected a list with one pdf per observable, got \(value.kindName)")
        }
        var factors: [Factor] = []
        for (index, element) in elements.enumerated() {
            let reader = try FieldReader(element, path: "\(path)[\(index)]", allowed: ["observable", "pdf", "parameters", "template"])
            let name = try reader.string("observable", hint: "name the observable of this pdf: one of \(observables.map(\.name).joined(separator: ", "))")
            guard let observable = observables.first(where: { $0.name == name }) else {
                throw ConfigError(field: reader.field("observable"), "names observable \"\(name)\", which is not one of \(observables.map(\.name).joined(separator: ", "))")
            }
            guard !factors.contains(where: { $0.observable == name }) else {
                throw ConfigError(field: reader.field("observable"), "observable \"\(name)\" has two pdfs in this product; give one pdf per observable")
            }
            factors.append(try parseFactor(reader, observable: observable, known: known, templates: templates))
        }
        if let missing = observables.first(where: { observable in !factors.contains { $0.observable == observable.name } }) {
            throw ConfigError(field: path, "has no pdf for observable \"\(missing.name)\"; give one pdf per observable")
        }
        let roles = factors.reduce(0) { $0 + $1.parameters.count }
        guard roles <= 8 else {
            throw ConfigError(field: path, "its pdfs take \(roles) shape parameters together, more than the 8 a component may have; use fewer (e.g. a lower-degree chebyshev)")
        }
        return factors
    }

    /// One pdf (`pdf`, `parameters`, `template` of `reader`) on `observable`.
    private static func parseFactor(_ reader: FieldReader, observable: Observable, known: Set<String>,
                                    templates: TemplateReader) throws(ConfigError) -> Factor {
        let choices = (PDFKind.allCases.map(\.rawValue) + ["histogram"]).joined(separator: ", ")
        let pdfName = try reader.string("pdf", hint: "choose one of: \(choices)")
        let pdf: FactorPDF
        if pdfName == "histogram" {
            let template = try reader.required("template", hint: "give the template's CSV file (columns low, high, content), e.g. \"template\": \"background.csv\"")
            pdf = .histogram(try templates.read(template, field: reader.field("template"), observable: observable))
        } else {
            guard let kind = PDFKind(rawValue: pdfName) else {
                throw ConfigError(field: reader.field("pdf"), "unknown pdf \"\(pdfName)\"; choose one of: \(choices)")
            }
            guard reader.optional("template") == nil else {
                throw ConfigError(field: reader.field("template"), "only a histogram pdf takes a template; remove it or use \"pdf\": \"histogram\"")
            }
            pdf = .library(kind)
        }
        let roles = try parseRoles(reader.optional("parameters") ?? .object([]), pdf: pdf, path: reader.field("parameters"), known: known)
        return Factor(observable: observable.name, pdf: pdf, parameters: roles)
    }

    /// The pdf's roles must be given exactly (for chebyshev: c1 ... cK without gaps), each naming a known parameter.
    private static func parseRoles(_ value: JSONValue, pdf: FactorPDF, path: String, known: Set<String>) throws(ConfigError)
        -> [(role: String, parameter: String)] {
        let reader = try FieldReader(value, path: path, allowed: nil)
        let given = reader.keys
        let expected = pdf.roles
        let isChebyshev = pdf == .library(.chebyshev)
        let describe = isChebyshev ? "c1 ... cK (K from 1 to 8)" : (expected.isEmpty ? "none" : expected.joined(separator: ", "))
        if let unknown = given.first(where: { !expected.contains($0) }) {
            throw ConfigError(field: "\(path).\(unknown)", "is not a parameter of pdf \(pdf.name); it takes: \(describe)")
        }
        let count = isChebyshev ? given.count : expected.count
        if count < pdf.minimumRoleCount {
            throw ConfigError(field: path, "pdf \(pdf.name) needs its parameters: \(describe)")
        }
        var roles: [(role: String, parameter: String)] = []
        for role in expected.prefix(count) {
            guard let entry = reader.members.first(where: { $0.key == role }) else {
                throw ConfigError(field: "\(path).\(role)", "missing; pdf \(pdf.name) takes: \(describe)")
            }
            let parameter = try FieldReader.string(entry.value, field: "\(path).\(role)")
            guard known.contains(parameter) else {
                throw ConfigError(field: "\(path).\(role)", "names parameter \"\(parameter)\", which \"parameters\" lacks; add it there or fix the name")
            }
            roles.append((role, parameter))
        }
        return roles
    }

    /// `"generate": {"model": [...], "parameters": {"P": {"value": V}}}`: true values (overriding or adding to
    /// `parameters`) and a model for generation only; each must be used by the generation model. In a study with
    /// channels, `"channels": [{"name": CHANNEL, "model": [...]}]` replaces the models of the channels it names.
    static func parseGeneration(_ value: JSONValue, parameters: [Parameter], channels: [Channel],
                                templates: TemplateReader) throws(ConfigError) -> Generation {
        let reader = try FieldReader(value, path: "generate", allowed: ["model", "parameters", "channels"])
        let isSimultaneous = !(channels.count == 1 && channels[0].name.isEmpty)
        var values: [GenerationValue] = []
        if let given = reader.optional("parameters") {
            for (name, body) in try FieldReader(given, path: "generate.parameters", allowed: nil).members {
                let path = "generate.parameters.\(name)"
                try ConfigNames.checkIdentifier(name, field: path, what: "parameter name")
                let entry = try FieldReader(body, path: path, allowed: ["value"])
                values.append(GenerationValue(name: name, value: try entry.number("value", hint: "give the true value used to generate the toys")))
            }
        }
        let known = Set(parameters.map(\.name) + values.map(\.name))
        var model: [Component]?
        if let given = reader.optional("model") {
            guard !isSimultaneous else {
                throw ConfigError(field: "generate.model", "replaces a one-channel study's model; in a study with \"channels\" give generate.channels: [{\"name\": CHANNEL, \"model\": [...]}] for the channels generated with another model")
            }
            model = try parseModel(given, path: "generate.model", observables: channels[0].observables, known: known, templates: templates)
        }
        var channelModels: [ChannelModel] = []
        if let given = reader.optional("channels") {
            guard isSimultaneous else {
                throw ConfigError(field: "generate.channels", "replaces the models of a study's channels; a study without \"channels\" gives generate.model")
            }
            for entry in try channelModelEntries(given, path: "generate.channels", channels: channels.map(\.name)) {
                let channel = channels.first { $0.name == entry.name }!
                channelModels.append(ChannelModel(name: entry.name, model: try parseModel(
                    entry.model, path: entry.path, observables: channel.observables, known: known, templates: templates)))
            }
        }
        let generation = Generation(model: model, channels: channelModels, parameters: values)
        let used = Set(channels.map(generation.model(of:)).joined().flatMap { [$0.yield] + $0.parameters.map(\.parameter) })
        if let unused = values.first(where: { !used.contains($0.name) }) {
            throw ConfigError(field: "generate.parameters.\(unused.name)", "is not used by the model toys are generated with; remove it or use it there")
        }
        return generation
    }
}

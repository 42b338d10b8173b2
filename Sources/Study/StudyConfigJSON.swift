import Likelihood

extension StudyConfig {
    /// The effective study (after command-line overrides) in the config format. Written to the output directory
    /// as study.json, it says what the results belong to: resume and merge refuse results of another study.
    /// Fields added later (channels, several observables, products, templates, `generate`, `toys.poisson`) are
    /// written only when used, so a study without them keeps the study.json it always had; a template is
    /// written inline, so the directory holds the whole study.
    public var json: JSONValue {
        var fields: [(key: String, value: JSONValue)] = [("name", .string(name))]
        if isSimultaneous {
            fields.append(("channels", .array(channels.map { channel in
                .object([("name", .string(channel.name))] + Self.json(observables: channel.observables)
                    + [("model", Self.json(model: channel.model))])
            })))
        } else {
            fields += Self.json(observables: channels[0].observables)
        }
        fields.append(("parameters", .object(parameters.map { p in
            var fields: [(key: String, value: JSONValue)] = [("value", .number(p.value))]
            if p.start != p.value { fields.append(("start", .number(p.start))) }
            if let min = p.min { fields.append(("min", .number(min))) }
            if let max = p.max { fields.append(("max", .number(max))) }
            if p.fixed { fields.append(("fixed", .bool(true))) }
            if let step = p.step { fields.append(("step", .number(step))) }
            if let constraint = p.constraint {
                fields.append(("constraint", .object([("mean", .number(constraint.mean)), ("sigma", .number(constraint.sigma))])))
            }
            return (p.name, .object(fields))
        })))
        if !isSimultaneous { fields.append(("model", Self.json(model: model))) }
        if let generation {
            var generate: [(key: String, value: JSONValue)] = []
            if let model = generation.model { generate.append(("model", Self.json(model: model))) }
            if !generation.channels.isEmpty {
                generate.append(("channels", .array(generation.channels.map { .object([("name", .string($0.name)), ("model", Self.json(model: $0.model))]) })))
            }
            generate.append(("parameters", .object(generation.parameters.map { ($0.name, .object([("value", .number($0.value))])) })))
            fields.append(("generate", .object(generate)))
        }
        if !alternatives.isEmpty { fields.append(("alternatives", .array(alternatives.map(\.source)))) }
        var toyFields: [(key: String, value: JSONValue)] = [("count", .integer(toys.count)), ("seed", .integer(toys.seed))]
        if !toys.poisson { toyFields.append(("poisson", .bool(false))) }
        if toys.asimov { toyFields.append(("asimov", .bool(true))) }
        fields += [
            ("toys", .object(toyFields)),
            ("fit", .object([("strategy", .integer(fit.strategy)), ("tolerance", .number(fit.tolerance)),
                             ("minos", .array(fit.minos.map { .string($0) })), ("gradient", .string(fit.gradient.rawValue)),
                             ("bins", .integer(fit.bins))])),
            ("output", .string(output)),
        ]
        return .object(fields)
    }

    private static func json(observables: [Observable]) -> [(key: String, value: JSONValue)] {
        func json(_ o: Observable) -> JSONValue {
            .object([("name", .string(o.name)), ("min", .number(o.min)), ("max", .number(o.max))])
        }
        return observables.count == 1 ? [("observable", json(observables[0]))] : [("observables", .array(observables.map(json)))]
    }

    /// A component as it always was (`name`, `pdf`, `yield`, `parameters`, and a histogram's `template`), or
    /// with a product: `name`, `yield`, `product` (each entry `observable`, `pdf`, `parameters`, `template`).
    private static func json(model: [Component]) -> JSONValue {
        .array(model.map { c in
            let name: (key: String, value: JSONValue) = ("name", .string(c.name)), yield: (key: String, value: JSONValue) = ("yield", .string(c.yield))
            guard c.isProduct else {
                let factor = c.factors[0]
                return .object([name, ("pdf", .string(factor.pdf.name)), yield] + shapeFields(factor))
            }
            return .object([name, yield, ("product", .array(c.factors.map { factor in
                .object([("observable", .string(factor.observable)), ("pdf", .string(factor.pdf.name))] + shapeFields(factor))
            }))])
        })
    }

    /// A pdf's `parameters`, and a histogram's template inline.
    private static func shapeFields(_ factor: Factor) -> [(key: String, value: JSONValue)] {
        var fields: [(key: String, value: JSONValue)] = [("parameters", .object(factor.parameters.map { ($0.role, .string($0.parameter)) }))]
        if case let .histogram(template) = factor.pdf {
            fields.append(("template", .object([
                ("low", .array(template.edges.dropLast().map { .number($0) })),
                ("high", .array(template.edges.dropFirst().map { .number($0) })),
                ("content", .array(template.contents.map { .number($0) })),
            ])))
        }
        return fields
    }
}

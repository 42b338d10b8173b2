extension StudyConfig {
    /// The effective study (after command-line overrides) in the config format. Written to the output directory
    /// as study.json, it says what the results belong to: resume and merge refuse results of another study.
    public var json: JSONValue {
        .object([
            ("name", .string(name)),
            ("observable", .object([("name", .string(observable.name)), ("min", .number(observable.min)),
                                    ("max", .number(observable.max))])),
            ("parameters", .object(parameters.map { p in
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
            })),
            ("model", .array(model.map { c in
                .object([("name", .string(c.name)), ("pdf", .string(c.pdf.rawValue)), ("yield", .string(c.yield)),
                         ("parameters", .object(c.parameters.map { ($0.role, .string($0.parameter)) }))])
            })),
            ("toys", .object([("count", .integer(toys.count)), ("seed", .integer(toys.seed))])),
            ("fit", .object([("strategy", .integer(fit.strategy)), ("tolerance", .number(fit.tolerance)),
                             ("minos", .array(fit.minos.map { .string($0) })), ("gradient", .string(fit.gradient.rawValue)),
                             ("bins", .integer(fit.bins))])),
            ("output", .string(output)),
        ])
    }
}

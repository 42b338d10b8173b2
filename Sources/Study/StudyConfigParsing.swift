import Foundation
import Likelihood

extension StudyConfig {
    /// Reads and validates a study config file. Every failure is a ConfigError naming the field and the fix.
    public static func load(path: String) throws(ConfigError) -> StudyConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            throw ConfigError(field: "--config", exists
                ? "\(path) cannot be read (\(isDirectory.boolValue ? "it is a directory" : "permission denied")); give a readable JSON file"
                : "\(path) does not exist; give the path of a study JSON file (example: jobs/examples/seed-peak.json)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(field: "--config", "\(path) is not UTF-8 text; a study config is a JSON file")
        }
        do {
            return try parse(text, baseDirectory: URL(fileURLWithPath: path).deletingLastPathComponent().path)
        } catch {
            throw ConfigError(field: "\(path): \(error.field)", error.message)
        }
    }

    /// `baseDirectory`: where a histogram's template path is relative to (the config file's directory); nil:
    /// the working directory.
    public static func parse(_ text: String, baseDirectory: String? = nil) throws(ConfigError) -> StudyConfig {
        let document: JSONValue
        do {
            document = try JSONParser.parse(text)
        } catch {
            throw ConfigError(field: "", error.description)
        }
        let top = try FieldReader(document, path: "", allowed: ["name", "observable", "observables", "channels", "parameters",
                                                               "model", "generate", "alternatives", "toys", "fit", "output",
                                                               GeneratorVersion.key])
        let name = try top.string("name", hint: "give the study a name, e.g. \"name\": \"seed-peak\"")
        try ConfigNames.checkStudyName(name, field: "name")
        let templates = TemplateReader(baseDirectory: baseDirectory)
        let parameters = try parseParameters(try top.required(
            "parameters", hint: "e.g. \"parameters\": {\"mu\": {\"value\": 5.0}}"))
        let known = Set(parameters.map(\.name))
        let channels: [Channel]
        if let value = top.optional("channels") {
            if let clash = ["observable", "observables", "model"].first(where: { top.optional($0) != nil }) {
                throw ConfigError(field: clash, "a study with \"channels\" gives each channel its observables and model; move \"\(clash)\" into the channels")
            }
            channels = try parseChannels(value, known: known, templates: templates)
        } else {
            let observables = try parseObservables(top, path: "")
            let model = try parseModel(try top.required(
                "model", hint: "a list of components, e.g. [{\"name\": \"signal\", \"pdf\": \"gaussian\", ...}]"),
                path: "model", observables: observables, known: known, templates: templates)
            channels = [Channel(name: "", observables: observables, model: model)]
        }
        let generation = try top.optional("generate").map { (value: JSONValue) throws(ConfigError) in
            try parseGeneration(value, parameters: parameters, channels: channels, templates: templates)
        }
        let toys = try parseToys(top.optional("toys"))
        let fit = try parseFit(top.optional("fit"), parameters: parameters)
        // Several observables are binned on a grid of fit.bins bins each.
        if fit.bins > 0, let channel = channels.first(where: { fit.bins > Fit.maximumBins(observables: $0.observables.count) }) {
            throw ConfigError(field: "fit.bins", "\(fit.bins) bins on each of the \(channel.observables.count) observables of \(channel.name.isEmpty ? "the study" : "channel \(channel.name)") are more than the \(Fit.maximumBins) cells a binned fit may have; use at most \(Fit.maximumBins(observables: channel.observables.count)) bins or an unbinned fit (0)")
        }
        let output = try top.optionalString("output") ?? "results/\(name)"
        try checkAllParametersUsed(parameters, models: channels.map(\.model))
        var config = StudyConfig(name: name, channels: channels, isSimultaneous: top.optional("channels") != nil,
                                 parameters: parameters, generation: generation, toys: toys, fit: fit, output: output)
        try config.checkDomains()
        if let value = top.optional("alternatives"), case let .object(members) = document {
            config.alternatives = try parseAlternatives(value, document: members,
                                                        channels: config.isSimultaneous ? config.channels.map(\.name) : nil,
                                                        baseDirectory: baseDirectory)
        }
        return config
    }

    /// A number of toys (`toys.count` or `--toys`): 1 to `Toys.maximumCount`.
    public static func checkedToyCount(_ count: Int, field: String) throws(ConfigError) -> Int {
        guard count > 0 else { throw ConfigError(field: field, "must be positive (got \(count)); e.g. 1000") }
        guard count <= Toys.maximumCount else {
            throw ConfigError(field: field, "\(count) is more than the \(Toys.maximumCount) toys a study may have; split it into studies with different seeds")
        }
        return count
    }

    /// The seed of `--seed`: a whole number from 0 to 2^64 - 1, read exactly.
    public static func seed(parsing text: String, field: String) throws(ConfigError) -> UInt64 {
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ConfigError(field: field, "expected a whole number from 0 to \(UInt64.max) (got \"\(text)\")")
        }
        guard !text.hasPrefix("-") else { throw ConfigError(field: field, "must be zero or positive (got \(text))") }
        guard let seed = UInt64(digits) else {
            throw ConfigError(field: field, "\(text) is too large; the largest seed is \(UInt64.max)")
        }
        return seed
    }

    /// An output path (`output`, `--output`): not empty.
    public static func checkedOutput(_ path: String, field: String) throws(ConfigError) -> String {
        guard !path.isEmpty else { throw ConfigError(field: field, "must not be empty; give a directory, e.g. results/study") }
        return path
    }

    private static func parseParameters(_ value: JSONValue) throws(ConfigError) -> [Parameter] {
        let members = try FieldReader(value, path: "parameters", allowed: nil).members
        guard !members.isEmpty else {
            throw ConfigError(field: "parameters", "is empty; list the model's parameters with their true values")
        }
        var parameters: [Parameter] = []
        for (name, body) in members {
            let path = "parameters.\(name)"
            try ConfigNames.checkIdentifier(name, field: path, what: "parameter name")
            let reader = try FieldReader(body, path: path, allowed: ["value", "start", "min", "max", "fixed", "step", "constraint"])
            let truth = try reader.number("value", hint: "give the true value used to generate the toys")
            let start = try reader.optionalNumber("start") ?? truth
            let min = try reader.optionalNumber("min")
            let max = try reader.optionalNumber("max")
            let fixed = try reader.optionalBool("fixed") ?? false
            let step = try reader.optionalNumber("step")
            let constraint = try reader.optional("constraint").map { (value: JSONValue) throws(ConfigError) in
                try parseConstraint(value, path: "\(path).constraint", truth: truth, fixed: fixed)
            }
            if let min, let max, min >= max {
                throw ConfigError(field: "\(path).min", "must be below \(path).max (\(min) >= \(max)); swap them or widen the limits")
            }
            for (label, number) in [("value", truth), ("start", start)] {
                if let min, number < min {
                    throw ConfigError(field: "\(path).\(label)", "\(number) is below min \(min); move it inside the limits or lower min")
                }
                if let max, number > max {
                    throw ConfigError(field: "\(path).\(label)", "\(number) is above max \(max); move it inside the limits or raise max")
                }
            }
            if let step, !(step > 0) {
                throw ConfigError(field: "\(path).step", "must be positive (got \(step)); it is the minimizer's first step, e.g. an expected error")
            }
            parameters.append(Parameter(name: name, value: truth, start: start, min: min, max: max, fixed: fixed, step: step,
                                        constraint: constraint))
        }
        return parameters
    }

    private static func parseConstraint(_ value: JSONValue, path: String, truth: Double, fixed: Bool) throws(ConfigError)
        -> Constraint {
        let reader = try FieldReader(value, path: path, allowed: ["mean", "sigma"])
        let sigma = try reader.number("sigma", hint: "give the width of the external measurement, e.g. {\"sigma\": 0.1}")
        let mean = try reader.optionalNumber("mean") ?? truth
        guard sigma > 0 else { throw ConfigError(field: "\(path).sigma", "must be positive (got \(sigma))") }
        guard !fixed else {
            throw ConfigError(field: path, "the parameter is fixed, so a constraint does nothing; remove \"fixed\" or the constraint")
        }
        return Constraint(mean: mean, sigma: sigma)
    }

    private static func parseToys(_ value: JSONValue?) throws(ConfigError) -> Toys {
        guard let value else { return Toys(count: 1000, seed: 1, poisson: true) }
        let reader = try FieldReader(value, path: "toys", allowed: ["count", "seed", "poisson", "asimov"])
        let count = try checkedToyCount(try reader.optionalInteger("count") ?? 1000, field: "toys.count")
        let seed = try reader.optionalInteger("seed", as: UInt64.self) ?? 1
        let poisson = try reader.optionalBool("poisson") ?? true
        return Toys(count: count, seed: seed, poisson: poisson, asimov: try reader.optionalBool("asimov") ?? false)
    }

    private static func parseFit(_ value: JSONValue?, parameters: [Parameter]) throws(ConfigError) -> Fit {
        var fit = Fit(strategy: 1, tolerance: 0.1, minos: [], gradient: .analytic, bins: 0)
        guard let value else { return fit }
        let reader = try FieldReader(value, path: "fit", allowed: ["strategy", "tolerance", "minos", "gradient", "bins"])
        if let strategy = try reader.optionalInteger("strategy") {
            guard (0...2).contains(strategy) else {
                throw ConfigError(field: "fit.strategy", "must be 0, 1 or 2 (got \(strategy)), as in Minuit")
            }
            fit.strategy = strategy
        }
        if let tolerance = try reader.optionalNumber("tolerance") {
            guard tolerance > 0 else { throw ConfigError(field: "fit.tolerance", "must be positive (got \(tolerance)); Minuit's default is 0.1") }
            fit.tolerance = tolerance
        }
        if let minos = reader.optional("minos") {
            guard case let .array(names) = minos else {
                throw ConfigError(field: "fit.minos", "expected a list of parameter names, e.g. [\"mu\"]")
            }
            let byName = Dictionary(parameters.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            var chosen = Set<String>()
            for (index, entry) in names.enumerated() {
                let name = try FieldReader.string(entry, field: "fit.minos[\(index)]")
                guard let parameter = byName[name] else {
                    throw ConfigError(field: "fit.minos[\(index)]", "names parameter \"\(name)\", which \"parameters\" lacks; fix the name")
                }
                guard !parameter.fixed else {
                    throw ConfigError(field: "fit.minos[\(index)]", "parameter \"\(name)\" is fixed; MINOS needs a free parameter")
                }
                if chosen.insert(name).inserted { fit.minos.append(name) }
            }
        }
        if let gradient = try reader.optionalString("gradient") {
            guard let choice = Gradient(rawValue: gradient) else {
                throw ConfigError(field: "fit.gradient", "must be \"analytic\" or \"numerical\" (got \"\(gradient)\")")
            }
            fit.gradient = choice
        }
        if let bins = try reader.optionalInteger("bins") {
            guard bins >= 0 else { throw ConfigError(field: "fit.bins", "must be 0 (unbinned fit) or a positive number of bins (got \(bins))") }
            guard bins <= Fit.maximumBins else {
                throw ConfigError(field: "fit.bins", "\(bins) bins is more than the \(Fit.maximumBins) a binned fit may have; use fewer bins or an unbinned fit (0)")
            }
            fit.bins = bins
        }
        return fit
    }

    /// Every parameter is fitted, so some component of the fit model must use it.
    private static func checkAllParametersUsed(_ parameters: [Parameter], models: [[Component]]) throws(ConfigError) {
        let used = Set(models.joined().flatMap { [$0.yield] + $0.parameters.map(\.parameter) })
        if let unused = parameters.first(where: { !used.contains($0.name) }) {
            throw ConfigError(field: "parameters.\(unused.name)", "is not used by any model component; remove it or use it in \"model\"")
        }
    }
}

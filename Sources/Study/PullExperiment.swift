import Likelihood

/// The pull study: toy i is generated from (seed, i) at the truth and fitted once; the study reduces the fits to
/// the pull table (`StudySummary`).
///
/// toys.csv's columns are an interface that users' scripts read: `toy, valid, nll, edm, nfcn`, then for every
/// parameter P `P_true, P_value, P_error, P_pull`, then (added later, so appended) `events, status, ngrad,
/// retries`, for every MINOS parameter `P_minos_lower, P_minos_upper`, the events generated per channel and
/// component (`events_C`, or `events_CHANNEL_C` with channels), for every alternative A `A.valid, A.nll,
/// A.status` and for each of its parameters P `A.P_value, A.P_error`, and last `checksum`.
public struct PullExperiment: Experiment {
    public let fitter: DatasetFitter
    /// The fits of the config's alternative models, on each toy's data.
    let alternativeFitters: [DatasetFitter]
    public let seed: UInt64
    public let table: RecordTable

    public init(study: StudyModel, seed: UInt64, pool: WorkerPool? = nil) {
        fitter = DatasetFitter(study: study, pool: pool)
        alternativeFitters = study.config.alternatives.map { DatasetFitter(study: StudyModel(config: $0.config), pool: pool) }
        self.seed = seed
        table = Self.table(study: study)
    }

    public var study: StudyModel { fitter.study }

    public var studyText: String { ResultDirectory.studyText(study.config) }

    /// The toys, or a shard's; the Asimov row (toy -1) belongs to the first shard.
    public func tasks(shard: Shard?) -> [Range<Int>] {
        let toys = shard?.toys(of: study.config.toys.count) ?? 0..<study.config.toys.count
        return study.config.toys.asimov && (shard?.index ?? 0) == 0 ? [Self.asimovToy..<0, toys] : [toys]
    }

    public func run(task toy: Int) -> [Double] { toy == Self.asimovToy ? asimovRecord() : record(runToy(toy)) }

    /// Toy `toy` from start to finish: its dataset from (seed, toy), its fit.
    public func runToy(_ toy: Int) -> ToyResult {
        let data = study.generate(toy: toy, seed: seed)
        let fit = fitter.fit(data.dataset, constraintMeans: data.constraintMeans)
        var result = ToyResult(toy: toy, events: data.dataset.eventCount, fit: fit, minosIndices: study.minosIndices)
        result.componentEvents = data.componentCounts
        result.alternatives = alternativeFitters.map { alternative in
            let fit = alternative.fit(data.dataset, constraintMeans: alternativeConstraintMeans(data.constraintMeans, alternative.study))
            return AlternativeFit(status: ToyStatus(fit, minosRequested: !alternative.study.minosIndices.isEmpty), nll: fit.fval,
                                  values: fit.values, errors: fit.errors)
        }
        return result
    }

    /// A toy's measured means of the constrained parameters, for an alternative study: by name, the configured
    /// mean where the main study does not constrain the parameter.
    private func alternativeConstraintMeans(_ means: [Double], _ alternative: StudyModel) -> [Double] {
        let constrained = study.config.parameters.filter { $0.constraint != nil }.map(\.name)
        return alternative.config.parameters.compactMap { parameter in
            parameter.constraint.map { constraint in constrained.firstIndex(of: parameter.name).map { means[$0] } ?? constraint.mean }
        }
    }

    public func report(_ pass: ((ArraySlice<Double>) -> Void) throws -> Void) throws -> any StudyReport {
        // The Asimov row is no toy: it stands beside the pull statistics, not in them.
        var asimov: ToyResult?
        let results = { (visit: (ToyResult) -> Void) throws in
            try withoutActuallyEscaping(visit) { visit in
                try pass { record in
                    let r = result(record)
                    if r.toy == Self.asimovToy { asimov = r } else { visit(r) }
                }
            }
        }
        var summary = try StudySummary(study: study, pass: results)
        summary.shifts = try AlternativeShift.shifts(study: study, pass: results)
        summary.asimov = asimov.map { AsimovSummary($0, names: study.config.parameters.map(\.name)) }
        return summary
    }

    static func table(study: StudyModel) -> RecordTable {
        let names = study.config.parameters.map(\.name)
        var columns: [RecordColumn] = [.init("toy", .integer), .init("valid", .flag), .init("nll", .number),
                                       .init("edm", .number), .init("nfcn", .integer)]
        for name in names {
            columns += ["\(name)_true", "\(name)_value", "\(name)_error", "\(name)_pull"].map { RecordColumn($0, .number) }
        }
        columns += [.init("events", .integer), .init("status", .status), .init("ngrad", .integer), .init("retries", .integer)]
        for index in study.minosIndices {
            columns += [.init("\(names[index])_minos_lower", .number), .init("\(names[index])_minos_upper", .number)]
        }
        columns += study.eventColumns.map { RecordColumn($0, .integer) }
        for alternative in study.config.alternatives {
            let a = alternative.name
            columns += [.init("\(a).valid", .flag), .init("\(a).nll", .number), .init("\(a).status", .status)]
            for p in alternative.config.parameters { columns += [.init("\(a).\(p.name)_value", .number), .init("\(a).\(p.name)_error", .number)] }
        }
        return RecordTable(columns)
    }

    /// A result as its record, in the table's column order.
    public func record(_ r: ToyResult) -> [Double] {
        var record = [Double(r.toy), r.isValid ? 1 : 0, r.nll, r.edm, Double(r.nfcn)]
        record.reserveCapacity(table.width)
        for (index, truth) in study.truth.enumerated() {
            record += [truth, r.values[index], r.errors[index], r.pull(index, truth: truth)]
        }
        record += [Double(r.events), Double(r.status.rawValue), Double(r.ngrad), Double(r.retries)]
        for index in study.minosIndices { record += [r.minosLower[index], r.minosUpper[index]] }
        precondition(r.componentEvents.count == study.eventColumns.count, "record: toy \(r.toy) lacks its events per component")
        record += r.componentEvents.map(Double.init)
        for fit in r.alternatives {
            record += [fit.isValid ? 1 : 0, fit.nll, Double(fit.status.rawValue)]
            for (value, error) in zip(fit.values, fit.errors) { record += [value, error] }
        }
        return record
    }

    /// A record read back as a result.
    public func result(_ record: ArraySlice<Double>) -> ToyResult {
        let n = study.truth.count, b = record.startIndex, after = b + 5 + 4 * n
        var lower = [Double](repeating: .nan, count: n), upper = lower
        for (k, index) in study.minosIndices.enumerated() {
            lower[index] = record[after + 4 + 2 * k]
            upper[index] = record[after + 5 + 2 * k]
        }
        var result = ToyResult(toy: Int(record[b]), events: Int(record[after]), status: ToyStatus(rawValue: UInt32(record[after + 1])),
                               nll: record[b + 2], edm: record[b + 3], nfcn: Int(record[b + 4]), ngrad: Int(record[after + 2]),
                               retries: Int(record[after + 3]),
                               values: (0..<n).map { record[b + 6 + 4 * $0] }, errors: (0..<n).map { record[b + 7 + 4 * $0] },
                               minosLower: lower, minosUpper: upper)
        let counts = after + 4 + 2 * study.minosIndices.count
        result.componentEvents = record[counts..<(counts + study.eventColumns.count)].map { Int($0) }
        var next = counts + study.eventColumns.count
        for alternative in study.config.alternatives {
            let m = alternative.config.parameters.count
            result.alternatives.append(AlternativeFit(status: ToyStatus(rawValue: UInt32(record[next + 2])), nll: record[next + 1],
                                                      values: (0..<m).map { record[next + 3 + 2 * $0] },
                                                      errors: (0..<m).map { record[next + 4 + 2 * $0] }))
            next += 3 + 2 * m
        }
        return result
    }
}
extension StudySummary: StudyReport {
    public var files: [(name: String, text: String)] {
        [(ResultDirectory.summaryLaTeXFile, latex), (ResultDirectory.summaryCSVFile, csv)]
    }
}

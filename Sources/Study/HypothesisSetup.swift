import Likelihood
import Minimizer

extension HypothesisTest {
    /// The test the command line asks for, with the observed data's fits: the unconditional fit, at every scan
    /// point the conditional fit (the toys' generation values) and the observed statistic, and for limits the
    /// background-only Asimov dataset's q~_mu. `data` nil: the Asimov dataset of the config's truth stands in
    /// (expected results). Every rank computes the same numbers from the same input.
    public static func prepare(_ kind: Kind, study: StudyModel, poi name: String, scan: [Double], cl: Double, toys: Int,
                               data: Dataset?) throws(ConfigError) -> HypothesisTest {
        let config = study.config
        guard let poi = config.parameters.firstIndex(where: { $0.name == name }) else {
            throw ConfigError(field: "--poi", "\(name) is not a parameter of the config; choose one of \(config.parameters.map(\.name).joined(separator: ", "))")
        }
        guard !config.parameters[poi].fixed else {
            throw ConfigError(field: "--poi", "\(name) is fixed in the config; the parameter of interest must be free")
        }
        guard let boundary = config.parameters[poi].min else {
            throw ConfigError(field: "--poi", "\(name) has no min in the config; give it its physical lower boundary (\"min\": 0 for a yield)")
        }
        let upper = config.parameters[poi].max ?? .infinity
        if let outside = scan.first(where: { $0 < boundary || $0 > upper }) {
            throw ConfigError(field: "--scan", "the point \(outside) lies outside \(name)'s limits in the config; scan inside [min, max]")
        }
        let fits = TestStatisticFits(fitter: DatasetFitter(study: study), kind: kind, poi: poi, boundary: boundary)
        let nll: any NegativeLogLikelihood
        if let data {
            nll = fits.fitter.likelihood(for: data)
        } else if let asimov = AsimovDataset(models: study.channels, parameters: study.truth) {
            nll = asimov.likelihood(models: study.channels)
        } else {
            throw ConfigError(field: "--data", "missing, and the config's truth lies outside a pdf's domain, so no Asimov dataset can stand in for it; give the observed data or check the parameters' values")
        }
        let free = fits.unconditional(nll, start: study.fitParameters)
        guard free.isValid else {
            throw ConfigError(field: "--data", "the fit of the data is not valid (\(ToyStatus(free, minosRequested: false).label)); a test statistic needs a valid fit: check the model, its start values and the data with toystudy fit")
        }
        var start = study.fitParameters
        for j in start.indices where !start[j].isFixed { start[j].value = free.values[j] }
        let pois = kind == .significance ? [boundary] : scan
        var points: [Point] = []
        var background: [Double] = []
        for value in pois + [boundary] {
            var fixedStart = start
            fixedStart[poi].value = value
            fixedStart[poi].isFixed = true
            let fixed = fits.fitter.fit(nll, from: fixedStart)
            guard fixed.isValid, nll.isInDomain(fixed.values) else {
                throw ConfigError(field: kind == .significance ? "--poi" : "--scan", "the fit of the data with \(name) fixed at \(value) is not valid (\(ToyStatus(fixed, minosRequested: false).label)), so no toys can be generated there; choose scan points the data can be fitted at")
            }
            let observed = fits.statistic(free: free, fixed: fixed, tested: value)
            guard observed >= -TestStatisticFits.negativeTolerance else {
                throw ConfigError(field: "--data", "the fit of the data with \(name) fixed at \(value) lies below the unconditional fit, which therefore missed the minimum; give start values nearer the data's best fit")
            }
            if points.count == pois.count {
                background = fixed.values
            } else {
                points.append(Point(poi: value, observed: max(observed, 0), conditional: fixed.values, asimov: .nan))
            }
        }
        let steps = free.errors.map { $0.isFinite && $0 > 0 ? $0 : 0 }
        var test = HypothesisTest(kind: kind, poi: poi, poiName: name, boundary: boundary, cl: cl, toys: toys,
                                  seed: config.toys.seed, poiHat: free.values[poi], poiHatError: free.errors[poi], steps: steps,
                                  dataEvents: data?.eventCount ?? -1, points: points, background: background)
        if kind == .limit { try test.addAsimovStatistics(fits: fits, study: study) }
        return test
    }

    /// q~_mu of the background-only Asimov dataset (nuisances at the data's conditional fit at the boundary) at
    /// every scan point: mu^2 / sigma^2 of the asymptotic CLb and expected bands.
    private mutating func addAsimovStatistics(fits: TestStatisticFits, study: StudyModel) throws(ConfigError) {
        guard let asimov = AsimovDataset(models: study.channels, parameters: background)?.likelihood(models: study.channels) else {
            throw ConfigError(field: "--poi", "the background-only fit of the data lies outside a pdf's domain; check the model")
        }
        var start = study.fitParameters
        for j in start.indices where !start[j].isFixed {
            start[j].value = background[j]
            start[j].error = steps[j]
        }
        start[poi].value = fits.poiStart(boundary, scale: poiHatError)
        // The same free fit at every point: made once (the boundary's conditional fit it may fall back on is a
        // pure function of the same start).
        let free = fits.unconditional(asimov, start: start)
        for k in points.indices {
            let outcome = fits.fit(asimov, start: start, tested: points[k].poi, unconditional: free)
            points[k].asimov = outcome.isValid ? outcome.statistic : .nan
        }
    }
}

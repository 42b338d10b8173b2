import Testing
@testable import Study

func seedPeakStudy(minos: [String] = []) throws -> StudyModel {
    var config = try StudyConfig.parse(seedPeakConfig)
    config.fit.minos = minos
    return StudyModel(config: config)
}

func sampleResult(toy: Int, valid: Bool = true, minos: Bool = false) -> ToyResult {
    var result = ToyResult(toy: toy, events: 15_000 + toy, status: valid ? [.valid, .accurateCovariance] : [.aboveMaxEdm],
                  nll: -104_268.57552008082 + Double(toy), edm: 1.5e-5, nfcn: 40, ngrad: 20, retries: valid ? 0 : 4,
                  values: [1973.1 + Double(toy), 13568.9, 5.0211, 0.4794, 4.1147],
                  errors: [89.1, 139.8, 0.0214, 0.0218, 0.0745],
                  minosLower: [.nan, .nan, minos ? -0.021 : .nan, .nan, .nan],
                  minosUpper: [.nan, .nan, minos ? 0.023 : .nan, .nan, .nan])
    result.componentEvents = [1_990 + toy, 13_010]
    return result
}

@Suite struct ToyTableTests {
    @Test func headerHasTheDocumentedColumnsFirst() throws {
        let table = ToyTable(study: try seedPeakStudy(minos: ["mu"]))
        let columns = table.header.split(separator: ",").map(String.init)
        #expect(Array(columns.prefix(9)) == ["toy", "valid", "nll", "edm", "nfcn", "ns_true", "ns_value", "ns_error", "ns_pull"])
        #expect(columns.suffix(9) == ["events", "status", "ngrad", "retries", "mu_minos_lower", "mu_minos_upper",
                                      "events_signal", "events_background", "checksum"])
    }

    @Test func rowsReadBackBitForBit() throws {
        let table = ToyTable(study: try seedPeakStudy(minos: ["mu"]))
        for result in [sampleResult(toy: 3, minos: true), sampleResult(toy: 4, valid: false)] {
            let parsed = try #require(table.parse(row: Substring(table.row(result))))
            #expect(parsed == result)
        }
        #expect(table.parse(row: "3,1,-104268.5,0.1") == nil, "a torn row is refused")
    }

    @Test func pullUsesTheMinosErrorOnTheSideOfTheTruth() {
        let result = sampleResult(toy: 0, minos: true)
        // mu fitted 5.0211 above the truth 5: measured with the lower error 0.021.
        #expect(abs(result.pull(2, truth: 5.0) - 0.0211 / 0.021) < 1e-12)
        #expect(abs(result.pull(2, truth: 5.1) - (5.0211 - 5.1) / 0.023) < 1e-12)
        #expect(abs(result.pull(0, truth: 2000) - (1973.1 - 2000) / 89.1) < 1e-12)
    }

    @Test func statusLabelsRoundTrip() {
        let statuses: [ToyStatus] = [[.valid], [.valid, .accurateCovariance], [.aboveMaxEdm, .callLimit], [.valid, .minosFailed, .parameterAtLimit]]
        for status in statuses {
            #expect(ToyStatus(label: status.label) == status)
        }
        #expect(ToyStatus([.valid, .accurateCovariance]).label == "ok")
        #expect(ToyStatus([.aboveMaxEdm]).label == "invalid+inaccurate_covariance+above_max_edm")
    }
}

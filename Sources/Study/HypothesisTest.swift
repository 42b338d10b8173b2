/// A hypothesis test with toys as the command line asks for it, with what the observed data said: the settings
/// and numbers every rank needs to generate and fit its toys, and that the study's report needs. It is stored in
/// study.json (`test`), so resume, shards and merge refuse results of another test, another dataset or other
/// settings, and `summarize` and `merge` need neither the data nor a fit.
public struct HypothesisTest: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Discovery: q0 with toys under poi = its lower boundary (no signal).
        case significance
        /// CLs upper limit: q~_mu with toys under poi = mu (`sb`) and the boundary (`b`) at every scan point.
        case limit
        /// Feldman-Cousins interval: t~_mu with toys under poi = mu at every scan point.
        case interval

        /// The toy hypotheses of every scan point, in key order.
        var hypotheses: [Hypothesis] {
            switch self {
            case .significance: [.background]
            case .limit: [.signalPlusBackground, .background]
            case .interval: [.scanned]
            }
        }
    }

    /// What a toy is generated under; its index is the `hypothesis` column's code.
    public enum Hypothesis: Int, Sendable, CaseIterable {
        case signalPlusBackground, background, scanned

        public static let labels = ["sb", "b", "mu"]
    }

    /// One tested value of the parameter of interest, with what the data say about it.
    public struct Point: Sendable, Equatable {
        public var poi: Double
        /// The test statistic of the observed data (q0, q~_mu or t~_mu).
        public var observed: Double
        /// The conditional fit to the data with poi fixed here: every parameter's value (the nuisances are
        /// theta^^(poi)), which toys under this point's hypothesis are generated with.
        public var conditional: [Double]
        /// q~_mu of the background-only Asimov dataset (limits: the asymptotic CLb and expected bands); NaN else.
        public var asimov: Double
    }

    public var kind: Kind
    /// The parameter of interest's index (config order) and name.
    public var poi: Int
    public var poiName: String
    /// The poi's lower boundary (its `min`): the no-signal hypothesis and the physical boundary of q~ and t~.
    public var boundary: Double
    /// Confidence level of limits and intervals.
    public var cl: Double
    /// Toys per scan point and hypothesis (limits: the most per point; rounds may stop earlier).
    public var toys: Int
    public var seed: UInt64
    /// The unconditional fit to the data.
    public var poiHat: Double
    public var poiHatError: Double
    /// Initial steps of the toys' fits: the data fit's HESSE errors (0 where it has none: Minuit's default).
    public var steps: [Double]
    /// Events in the dataset (-1 for the Asimov dataset of the config's truth).
    public var dataEvents: Int
    public var points: [Point]
    /// The conditional fit to the data at the boundary: the background-only toys' generation values.
    public var background: [Double]

    /// The generation values of a block's toys.
    func generation(point: Int, hypothesis: Hypothesis) -> [Double] {
        hypothesis == .background ? background : points[point].conditional
    }

    /// The tested value of the statistic at `point`: the boundary for a significance, the point's poi else.
    func tested(point: Int) -> Double { points[point].poi }
}

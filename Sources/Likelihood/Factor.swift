/// The 1-D pdf of one factor: a library pdf with shape parameters, or a histogram template with none.
public enum FactorPDF: Sendable, Equatable {
    case library(PDFKind)
    case histogram(HistogramTemplate)

    /// The config's name: the library pdf's, or "histogram".
    public var name: String {
        switch self {
        case let .library(kind): kind.rawValue
        case .histogram: "histogram"
        }
    }

    /// The shape roles a config may give, in order (none for a histogram).
    public var roles: [String] {
        switch self {
        case let .library(kind): kind.roles
        case .histogram: []
        }
    }

    public var minimumRoleCount: Int {
        switch self {
        case let .library(kind): kind.minimumRoleCount
        case .histogram: 0
        }
    }

    /// A fresh normalised pdf on `range` (shape values set by `update`).
    func makeNormalised(range: ObservableRange) -> any NormalisedPDF {
        switch self {
        case let .library(kind): kind.makeNormalised(range: range)
        case let .histogram(template): HistogramPDF(template: template, range: range)
        }
    }
}

/// One factor of a component's density: a 1-D pdf of one of the model's observables. A component's density is
/// the product of its factors, one per observable, each normalised on its observable's range.
public struct Factor: Sendable {
    public var pdf: FactorPDF
    /// Index into the model's observables.
    public var observable: Int
    public var shapeIndices: [Int]

    public init(pdf: FactorPDF, observable: Int, shapeIndices: [Int]) {
        self.pdf = pdf
        self.observable = observable
        self.shapeIndices = shapeIndices
    }
}

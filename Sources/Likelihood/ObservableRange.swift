/// The interval of the observable on which every pdf is normalised and the data are taken.
public struct ObservableRange: Sendable, Equatable {
    public var lower: Double
    public var upper: Double

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    var width: Double { upper - lower }

    func contains(_ x: Double) -> Bool { x >= lower && x <= upper }
}

import Foundation
import Likelihood
let text = try! String(contentsOfFile: "/work/shared/data/seed-peak.csv", encoding: .utf8)
let data = text.split(separator: "\n").dropFirst().compactMap { Double($0) }
let model = Model(range: ObservableRange(lower: 1, upper: 9), parameterCount: 5, components: [
    Component(name: "signal", kind: .gaussian, yieldIndex: 0, shapeIndices: [2, 3]),
    Component(name: "background", kind: .exponential, yieldIndex: 1, shapeIndices: [4]),
])
let nll = UnbinnedNLL(model: model, data: data)
print(nll.value([2000.0, 20000.0, 5.0, 0.5, 4.0]))
var g = [Double]()
print(nll.valueAndGradient([2000.0, 20000.0, 5.0, 0.5, 4.0], gradient: &g), g)

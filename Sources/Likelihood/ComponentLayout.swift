/// The Hessian passes' local coordinates: component k's yield, then its shape roles, at `offsets[k]`; `dimension`
/// entries in all. Second derivatives are gathered per component in these coordinates, then scattered into the
/// model's parameters, where a parameter shared by several components or roles collects every term (the chain
/// rule for a sum of roles).
struct ComponentLayout {
    let offsets: [Int]
    let roleCounts: [Int]
    /// The model parameter of each local coordinate.
    let parameterIndices: [Int]

    init(model: Model) {
        var offsets: [Int] = [], indices: [Int] = []
        for component in model.components {
            offsets.append(indices.count)
            indices.append(component.yieldIndex)
            indices.append(contentsOf: component.shapeIndices)
        }
        self.offsets = offsets
        roleCounts = model.components.map(\.shapeIndices.count)
        parameterIndices = indices
    }

    var dimension: Int { parameterIndices.count }

    /// Adds the local dimension x dimension matrix (row-major) into the row-major parameter Hessian.
    func scatter(_ local: [Double], into hessian: UnsafeMutablePointer<Double>, parameterCount n: Int) {
        let d = dimension
        for a in 0..<d {
            let row = parameterIndices[a] * n
            for b in 0..<d { hessian[row + parameterIndices[b]] += local[a * d + b] }
        }
    }
}

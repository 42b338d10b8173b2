/// Small dense symmetric-matrix helpers on row-major [Double] of n*n (n is a handful of parameters, so
/// plain loops beat any library call overhead).
enum SymmetricMatrix {
    static func identityScaled(_ diagonal: [Double]) -> [Double] {
        let n = diagonal.count
        var m = [Double](repeating: 0, count: n * n)
        for i in 0..<n { m[i * n + i] = diagonal[i] }
        return m
    }

    /// y = M x into a preallocated y.
    static func multiply(_ m: [Double], _ x: [Double], into y: inout [Double]) {
        let n = x.count
        for i in 0..<n {
            var s = 0.0
            for j in 0..<n { s += m[i * n + j] * x[j] }
            y[i] = s
        }
    }

    /// x^T M x.
    static func similarity(_ m: [Double], _ x: [Double]) -> Double {
        let n = x.count
        var s = 0.0
        for i in 0..<n {
            var r = 0.0
            for j in 0..<n { r += m[i * n + j] * x[j] }
            s += x[i] * r
        }
        return s
    }

    /// Inverse by Gauss-Jordan elimination with partial pivoting; nil when singular or not finite.
    static func inverse(_ m: [Double], _ n: Int) -> [Double]? {
        var a = m
        var inv = identityScaled([Double](repeating: 1, count: n))
        for c in 0..<n {
            var p = c
            for r in (c + 1)..<max(n, c + 1) where abs(a[r * n + c]) > abs(a[p * n + c]) { p = r }
            let pivot = a[p * n + c]
            guard pivot != 0, pivot.isFinite else { return nil }
            if p != c {
                for k in 0..<n {
                    a.swapAt(p * n + k, c * n + k)
                    inv.swapAt(p * n + k, c * n + k)
                }
            }
            for k in 0..<n { a[c * n + k] /= pivot; inv[c * n + k] /= pivot }
            for r in 0..<n where r != c {
                let f = a[r * n + c]
                if f == 0 { continue }
                for k in 0..<n {
                    a[r * n + k] -= f * a[c * n + k]
                    inv[r * n + k] -= f * inv[c * n + k]
                }
            }
        }
        for i in 0..<n {
            for j in (i + 1)..<max(n, i + 1) {
                let s = 0.5 * (inv[i * n + j] + inv[j * n + i])
                inv[i * n + j] = s
                inv[j * n + i] = s
            }
        }
        return inv.allSatisfy(\.isFinite) ? inv : nil
    }

    /// Eigenvalues of a symmetric matrix, ascending.
    static func eigenvalues(_ m: [Double], _ n: Int) -> [Double] {
        eigenDecomposition(m, n).values.sorted()
    }

    /// Eigenvalues and eigenvectors of a symmetric matrix by cyclic Jacobi rotations, unsorted:
    /// `vectors[k * n + i]` is component i of the eigenvector of `values[k]`.
    static func eigenDecomposition(_ m: [Double], _ n: Int) -> (values: [Double], vectors: [Double]) {
        var a = m
        var vectors = identityScaled([Double](repeating: 1, count: n))
        for _ in 0..<100 {
            var off = 0.0
            for i in 0..<n { for j in 0..<n where i != j { off += a[i * n + j] * a[i * n + j] } }
            if off < 1e-30 { break }
            for p in 0..<n {
                for q in (p + 1)..<max(n, p + 1) where a[p * n + q] != 0 {
                    let theta = (a[q * n + q] - a[p * n + p]) / (2 * a[p * n + q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k * n + p], akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p * n + k], aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vpk = vectors[p * n + k], vqk = vectors[q * n + k]
                        vectors[p * n + k] = c * vpk - s * vqk
                        vectors[q * n + k] = s * vpk + c * vqk
                    }
                }
            }
        }
        return ((0..<n).map { a[$0 * n + $0] }, vectors)
    }
}

/// The integral's second derivatives in a location role (and a scale role) in closed form, for any shape
/// g((x - mu)/sigma; other roles) on a fixed [a, b]. From d I/d mu = g(a) - g(b) and, by parts,
/// d I/d sigma = I/sigma - ((b - mu) g(b) - (a - mu) g(a))/sigma, both true at every value of every role, one more
/// derivative w.r.t. any role theta needs only d g/d theta at the two ends:
///   d2 I/d mu d theta    = dg(a)/d theta - dg(b)/d theta
///   d2 I/d sigma d theta = (d I/d theta)/sigma - ((b - mu) dg(b)/d theta - (a - mu) dg(a)/d theta)/sigma
///                          + [theta = sigma] (((b - mu) g(b) - (a - mu) g(a))/sigma^2 - I/sigma^2)
/// (theta != mu: the mixed entry comes from the first line).
enum LocationScale {
    /// Fills row and column `location` (and `scale` when given) of `hessian`; the other entries are left as they are.
    static func fill(_ hessian: inout RoleMatrix, of shape: some ShapePDF, from a: Double, to b: Double,
                     location: Int, at mu: Double, scale: (role: Int, sigma: Double)? = nil) {
        let (ga, gb, da, db) = shape.endpointDerivatives(a, b)
        let byLocation = da - db
        for theta in 0..<8 { hessian.setSymmetric(location, theta, byLocation[theta]) }
        guard let (role, sigma) = scale else { return }
        let (value, gradient) = shape.integral(from: a, to: b)
        let ends = (b - mu) * gb - (a - mu) * ga
        var byScale = (gradient - ((b - mu) * db - (a - mu) * da)) / sigma
        byScale[role] += (ends - value) / (sigma * sigma)
        for theta in 0..<8 where theta != location { hessian.setSymmetric(role, theta, byScale[theta]) }
    }
}

/// The pdf library, named as in the config file.
public enum PDFKind: String, Sendable, CaseIterable {
    case gaussian, exponential, uniform
    case crystalBall = "crystal_ball", chebyshev, argus
    case breitWigner = "breit_wigner"

    /// Shape-parameter roles in order, as the config names them: gaussian [mu, sigma]; exponential [tau];
    /// uniform []; crystal_ball [mu, sigma, alpha, n]; chebyshev [c1 ... c8] (a config gives a prefix c1...cK, K 1...8);
    /// argus [m0, c]; breit_wigner [mean, width].
    public var roles: [String] {
        switch self {
        case .gaussian: ["mu", "sigma"]
        case .exponential: ["tau"]
        case .uniform: []
        case .crystalBall: ["mu", "sigma", "alpha", "n"]
        case .chebyshev: (1...8).map { "c\($0)" }
        case .argus: ["m0", "c"]
        case .breitWigner: ["mean", "width"]
        }
    }

    /// Smallest number of roles a config must give (chebyshev 1, the others roles.count).
    public var minimumRoleCount: Int { self == .chebyshev ? 1 : roles.count }

    /// The type that implements this kind; the one place that maps config names to code.
    var shapeType: any ShapePDF.Type {
        switch self {
        case .gaussian: Gaussian.self
        case .exponential: Exponential.self
        case .uniform: Uniform.self
        case .crystalBall: CrystalBall.self
        case .chebyshev: Chebyshev.self
        case .argus: Argus.self
        case .breitWigner: BreitWigner.self
        }
    }
}

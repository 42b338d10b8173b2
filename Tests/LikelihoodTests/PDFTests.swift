import Testing
@testable import Likelihood

@Suite struct PDFTests {
    @Test(arguments: PDFCase.all)
    func gradientMatchesFiniteDifferences(_ c: PDFCase) {
        var rng = SplitMix64(seed: 11)
        let data = c.model.generate(parameters: c.truth, using: &rng)
        let nll = UnbinnedNLL(model: c.model, data: data)
        for _ in 0..<3 { #expect(gradientsAgree(nll, at: c.randomPoint(&rng))) }
    }

    /// Simpson's rule on 20,000 intervals: the normalised density integrates to 1 on the range.
    @Test(arguments: PDFCase.all)
    func densityIsNormalised(_ c: PDFCase) {
        let pdf = c.pdf
        #expect(abs(simpson(c.range.lower, c.range.upper, intervals: 20_000, pdf.density) - 1) < 1e-7)
    }

    /// The probability of a slice matches the integral of the density.
    @Test(arguments: PDFCase.all)
    func sliceProbabilityMatchesDensity(_ c: PDFCase) {
        let pdf = c.pdf
        let a = c.range.lower + 0.3 * c.range.width, b = a + 1e-4
        let slice = pdf.probability(from: a, to: b).value
        #expect(abs(slice / (1e-4 * pdf.density(at: a + 0.5e-4)) - 1) < 1e-6)
    }
}

@Suite struct PDFKindTests {
    /// Config names and roles as the config format spells them.
    @Test func namesAndRoles() {
        #expect(PDFKind(rawValue: "crystal_ball") == .crystalBall && PDFKind(rawValue: "breit_wigner") == .breitWigner)
        #expect(PDFKind.crystalBall.roles == ["mu", "sigma", "alpha", "n"])
        #expect(PDFKind.chebyshev.roles.count == 8 && PDFKind.chebyshev.minimumRoleCount == 1)
        #expect(PDFKind.uniform.roles.isEmpty && PDFKind.argus.minimumRoleCount == 2)
    }
}

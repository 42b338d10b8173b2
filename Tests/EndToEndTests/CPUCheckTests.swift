import CPUTarget
import Foundation
import Testing

/// A binary built for a newer CPU than the node's stops with a message that says what to rebuild with (exit
/// code 2), never with "illegal instruction". qemu-user emulates the older CPUs; the build's own requirement
/// (CPUTarget, compiled under the same TOYSTUDY_MARCH as the binary) says what each must lack.
@Suite struct CPUCheckTests {
    /// An emulated CPU, the features (of CPUTarget's list) it has, and what toystudy must tell its user.
    struct EmulatedCPU: CustomTestStringConvertible, Sendable {
        var model: String
        var features: [toystudy_cpu_feature]
        var rebuildWith: String
        var testDescription: String { model }
    }

    static let v2: [toystudy_cpu_feature] = [TOYSTUDY_SSE3, TOYSTUDY_SSSE3, TOYSTUDY_SSE4_1, TOYSTUDY_SSE4_2, TOYSTUDY_POPCNT]
    static let v3 = v2 + [TOYSTUDY_AVX, TOYSTUDY_AVX2, TOYSTUDY_BMI1, TOYSTUDY_BMI2, TOYSTUDY_F16C, TOYSTUDY_FMA,
                          TOYSTUDY_LZCNT, TOYSTUDY_MOVBE]

    /// Haswell is the x86-64-v3 level (AVX2, FMA; no AVX-512), Nehalem the x86-64-v2 level (SSE4.2, no AVX).
    static let olderCPUs = [
        EmulatedCPU(model: "Haswell", features: v3, rebuildWith: "x86-64-v3"),
        EmulatedCPU(model: "Nehalem", features: v2, rebuildWith: "x86-64-v2"),
    ]

    // qemu-user is Debian's qemu-user package, which .ci/run installs; without it this test is reported as
    // skipped (not passed), and toystudy's CPU check is then untested on this machine.
    @Test(.enabled(if: ExternalTool.find("qemu-x86_64") != nil, "needs qemu-x86_64 (Debian's qemu-user)"),
          arguments: olderCPUs)
    func olderCPUGetsARebuildMessage(cpu: EmulatedCPU) throws {
        #if arch(x86_64)
        let has = cpu.features.reduce(UInt64(0)) { $0 | 1 << UInt64($1.rawValue) }
        let missing = toystudy_required_cpu_features & ~has
        let outcome = try ExternalTool.run(ExternalTool.find("qemu-x86_64")!,
                                           ["-cpu", cpu.model, Toystudy.binary, "validate", "--config", Toystudy.seedPeak])
        // qemu warns on stderr about host features its emulator leaves out; toystudy's lines are the rest.
        let lines = outcome.stderr.split(separator: "\n").filter { !$0.hasPrefix("qemu-x86_64:") }
        if missing == 0 {
            #expect(outcome.status == 0, "\(outcome.stderr)")
            return
        }
        #expect(outcome.status == 2, "\(outcome.stderr)")
        #expect(outcome.stdout.isEmpty, "nothing may run before the check")
        #expect(lines.count == 1, "\(lines)")
        let message = String(lines.first ?? "")
        let march = String(cString: toystudy_build_march)
        #expect(message.hasPrefix("toystudy: built for \(march)"), "\(message)")
        #expect(message.hasSuffix("; rebuild with TOYSTUDY_MARCH=\(cpu.rebuildWith) (or TOYSTUDY_MARCH=native on the node)"),
                "\(message)")
        let named = Set(message.split(separator: "lacks ").last?.split(separator: ";").first?
            .split(separator: ", ").map(String.init) ?? [])
        let witnesses: [(toystudy_cpu_feature, String)] = [(TOYSTUDY_AVX2, "AVX2"), (TOYSTUDY_FMA, "FMA"),
                                                            (TOYSTUDY_AVX512F, "AVX512F"), (TOYSTUDY_AVX512VL, "AVX512VL")]
        for (feature, name) in witnesses {
            let lacked = missing >> UInt64(feature.rawValue) & 1 == 1
            #expect(named.contains(name) == lacked, "\(name) \(lacked ? "must" : "must not") be named: \(message)")
        }
        #endif
    }
}

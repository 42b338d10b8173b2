// swift-tools-version:6.0
import PackageDescription
import Foundation

/// The CPU the SIMD kernels are compiled for. SIMD8<Double> code needs FMA and wide vectors or it runs
/// slower than scalar code, so the default build targets the
/// build machine. For a cluster whose nodes differ from the build machine, build with
/// `TOYSTUDY_MARCH=x86-64-v3` (or the nodes' own architecture name) in the environment.
/// The executables refuse to start on a CPU that lacks what this target requires (CPUCheck).
let march = ProcessInfo.processInfo.environment["TOYSTUDY_MARCH"] ?? "native"

/// Every module gets the same target flags: @inlinable SIMD code compiles with its client's flags.
let fast: [SwiftSetting] = [
    .unsafeFlags(["-Xcc", "-march=\(march)", "-enforce-exclusivity=unchecked"]),
]

let package = Package(
    name: "toystudy",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "toystudy", targets: ["toystudy"]),
        .executable(name: "toystudy-bench", targets: ["toystudy-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CMPI",
            pkgConfig: "ompi",
            providers: [.apt(["libopenmpi-dev"])]
        ),
        // What the CPU target requires, as data compiled under the same -march; CPUCheck, compiled for the
        // baseline CPU, compares it with the CPU before any other code of the executable runs.
        .target(name: "CPUTarget", cSettings: [.unsafeFlags(["-march=\(march)"]), .define("TOYSTUDY_MARCH", to: march)]),
        .target(name: "CPUCheck", dependencies: ["CPUTarget"]),
        .target(name: "ToyMath", swiftSettings: fast),
        .target(name: "Likelihood", dependencies: ["ToyMath"], swiftSettings: fast),
        .target(name: "Minimizer", swiftSettings: fast),
        .target(name: "Study", dependencies: ["Likelihood", "Minimizer"], swiftSettings: fast),
        .target(name: "Cluster", dependencies: ["Study", "CMPI"], swiftSettings: fast),
        .executableTarget(
            name: "toystudy",
            dependencies: [
                "CPUCheck", "Study", "Cluster", "Likelihood", "Minimizer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: fast
        ),
        .executableTarget(
            name: "toystudy-bench",
            dependencies: ["CPUCheck", "Likelihood", "Minimizer", "Study", "ToyMath"],
            swiftSettings: fast
        ),
        .testTarget(name: "ToyMathTests", dependencies: ["ToyMath"], swiftSettings: fast),
        .testTarget(name: "LikelihoodTests", dependencies: ["Likelihood"], swiftSettings: fast),
        .testTarget(name: "MinimizerTests", dependencies: ["Minimizer"], swiftSettings: fast),
        .testTarget(name: "StudyTests", dependencies: ["Study"], swiftSettings: fast),
        .testTarget(name: "ClusterTests", dependencies: ["Cluster"], swiftSettings: fast),
        .testTarget(name: "EndToEndTests", dependencies: ["Study", "toystudy", "CPUTarget"], swiftSettings: fast),
    ],
    swiftLanguageModes: [.v6]
)

// swift-tools-version:6.0
// libFuzzer targets (single-threaded, so the shared reporter needs no lock) for jamlint, kept out of the main package so `swift build` there never needs
// the fuzzer runtime. Build and run them with `make fuzz` at the top level (see Fuzz/README.md).
import PackageDescription

let fuzzTargets = ["FuzzMarkdown", "FuzzXHTML", "FuzzHTML", "FuzzConfig", "FuzzSuppressions", "FuzzOffice"]

let package = Package(
    name: "jamlint-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "jamlint", path: "..")],
    targets: [
        .target(
            name: "FuzzSupport",
            dependencies: [.product(name: "JamlintCore", package: "jamlint")]
        ),
    ] + fuzzTargets.map { name in
        .executableTarget(name: name, dependencies: ["FuzzSupport", .product(name: "JamlintCore", package: "jamlint")])
    }
)

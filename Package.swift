// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "jamlint",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "jamlint", targets: ["jamlint"]),
        .library(name: "JamlintCore", targets: ["JamlintCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // One static inline C function: a cache prefetch hint, which Swift cannot express.
        .target(name: "CPrefetch"),
        // Static inline C functions that read `struct stat` and `struct dirent` (see its header).
        .target(name: "CPosix"),
        .target(
            name: "JamlintCore",
            dependencies: [
                "CLibXML2",
                "CCmarkGFM",
                "CPrefetch",
                "CPosix",
                .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.copy("../../Rules")],
            swiftSettings: [.enableUpcomingFeature("MemberImportVisibility")]
        ),
        .executableTarget(
            name: "jamlint",
            dependencies: [
                "JamlintCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: [.enableUpcomingFeature("MemberImportVisibility")],
            // mimalloc replaces malloc for the whole process (Swift runtime, libxml2, cmark-gfm):
            // linked as a shared library before libc, its malloc and free are the ones bound. A
            // lint allocates and frees a dozen objects per block; see Benchmarks/README.md. Release
            // builds only: under the sanitizers (debug builds) the runtime's C++ `operator new`
            // bound to mimalloc, whose memory LeakSanitizer does not scan, so blocks that memory
            // points to were reported as leaks. `make release` checks that the binary uses it.
            linkerSettings: [.linkedLibrary("mimalloc", .when(platforms: [.linux], configuration: .release))]
        ),
        .testTarget(
            name: "JamlintCoreTests",
            dependencies: ["JamlintCore"],
            exclude: ["Docx/Fixtures"],
            swiftSettings: [.enableUpcomingFeature("MemberImportVisibility")]
        ),
    ]
)

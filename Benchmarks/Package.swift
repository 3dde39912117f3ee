// swift-tools-version:6.1
import PackageDescription

// Benchmarks live in their own package so that the main build and `swift test` stay lean.
// Run from this folder: swift run -c release thidua-bench import-scores
let package = Package(
    name: "ThiDuaBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "thidua-bench",
            dependencies: [
                .product(name: "ThiDuaStore", package: "main"),
                .product(name: "ThiDuaCore", package: "main"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

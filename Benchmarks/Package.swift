// swift-tools-version:6.1
import PackageDescription

// Benchmarks live in their own package so that the main build and `swift test` stay lean.
// Run from this folder: swift run -c release thidua-bench import-scores (or score-national, award-list, web-standings)
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
                .product(name: "ThiDuaODF", package: "main"),
                .product(name: "ThiDuaExport", package: "main"),
                .product(name: "ThiDuaServices", package: "main"),
                .product(name: "ThiDuaWeb", package: "main"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

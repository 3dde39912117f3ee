// swift-tools-version:6.1
import PackageDescription

// Benchmarks live in their own package so that the main build and `swift test` stay lean.
// Run from this folder: swift run -c release thidua-bench import-scores (or score-national, award-list, web-standings)
let package = Package(
    name: "ThiDuaBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        // Named, so that the products are found whatever the clone's folder is called (its identity
        // would otherwise be the folder's name).
        .package(name: "ThiDua", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "thidua-bench",
            dependencies: [
                .product(name: "ThiDuaStore", package: "ThiDua"),
                .product(name: "ThiDuaCore", package: "ThiDua"),
                .product(name: "ThiDuaODF", package: "ThiDua"),
                .product(name: "ThiDuaExport", package: "ThiDua"),
                .product(name: "ThiDuaServices", package: "ThiDua"),
                .product(name: "ThiDuaWeb", package: "ThiDua"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "ThiDua",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ThiDuaCore", targets: ["ThiDuaCore"]),
        .library(name: "ThiDuaStore", targets: ["ThiDuaStore"]),
        .library(name: "ThiDuaODF", targets: ["ThiDuaODF"]),
        .library(name: "ThiDuaExport", targets: ["ThiDuaExport"]),
        .library(name: "ThiDuaServices", targets: ["ThiDuaServices"]),
        .library(name: "ThiDuaWeb", targets: ["ThiDuaWeb"]),
        .executable(name: "thidua", targets: ["thidua"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
    ],
    targets: [
        .target(name: "ThiDuaCore", dependencies: [.product(name: "Yams", package: "Yams"), .product(name: "BigInt", package: "BigInt")]),
        .target(name: "CSQLiteSetup", linkerSettings: [.linkedLibrary("sqlite3")]),
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CZlibSystem", path: "Sources/CZlibSystem", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "ThiDuaODF", dependencies: ["CLibXML2", "CZlibSystem", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(name: "ThiDuaExport", dependencies: ["ThiDuaCore", "ThiDuaODF", "CLibXML2"]),
        .target(
            name: "ThiDuaStore",
            dependencies: [
                "ThiDuaCore",
                "CSQLiteSetup",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // What the command line and the web app both do: score, rank, export (files, templates).
        .target(name: "ThiDuaServices", dependencies: ["ThiDuaCore", "ThiDuaStore", "ThiDuaExport", "ThiDuaODF"]),
        .target(
            name: "ThiDuaWeb",
            dependencies: [
                "ThiDuaCore", "ThiDuaStore", "ThiDuaExport", "ThiDuaODF", "ThiDuaServices",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Templates"), .copy("Static")]
        ),
        .executableTarget(
            name: "thidua",
            dependencies: [
                "ThiDuaWeb",
                "ThiDuaCore",
                "ThiDuaStore",
                "ThiDuaExport",
                "ThiDuaODF",
                "ThiDuaServices",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "ThiDuaCoreTests",
            dependencies: [
                "ThiDuaCore", .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "BigInt", package: "BigInt"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ThiDuaStoreTests",
            dependencies: [
                "ThiDuaStore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "ThiDuaExportTests", dependencies: ["ThiDuaExport", "ThiDuaODF", "ThiDuaCore", "CLibXML2",
            .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(name: "ThiDuaODFTests", dependencies: ["ThiDuaODF", "CLibXML2",
            .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(name: "ThiDuaServicesTests", dependencies: ["ThiDuaServices", "ThiDuaCore", "ThiDuaStore", "ThiDuaExport", "ThiDuaODF"]),
        .testTarget(name: "ThiDuaWebTests", dependencies: [
            "ThiDuaWeb", "ThiDuaStore", "ThiDuaCore", "ThiDuaServices",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        .testTarget(name: "ThiDuaCLITests", dependencies: ["thidua", "ThiDuaStore", "ThiDuaODF",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"), .product(name: "GRDB", package: "GRDB.swift")]),
    ],
    swiftLanguageModes: [.v6]
)

// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "EcoProvince",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ecoprov", targets: ["ecoprov"]),
        .library(name: "EcoCore", targets: ["EcoCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        // Pure domain: regions, frameworks, targets, observations, validation rules. Foundation only.
        .target(name: "EcoCore"),
        // Pure computations from national standards, one file per standard.
        .target(name: "EcoStandards"),
        // One storage protocol; SQLite (GRDB) is the embedded default.
        .target(name: "EcoStore", dependencies: [
            "EcoCore",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // The conformance suite every storage backend must pass (used by the backends' test targets).
        .target(name: "EcoStoreConformance", dependencies: ["EcoCore", "EcoStore"]),
        // Readers, validators and the built-in data files (regions, frameworks, published figures).
        .target(name: "EcoIngest", dependencies: [
            "EcoCore", "EcoStandards", "EcoStore",
            .product(name: "CSV", package: "CSV.swift"),
        ], resources: [.copy("Resources/data")]),
        .executableTarget(name: "ecoprov", dependencies: [
            "EcoCore", "EcoStandards", "EcoStore", "EcoIngest",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "ecoprov-bench", dependencies: [
            "EcoCore", "EcoStore", "EcoIngest", .product(name: "GRDB", package: "GRDB.swift"),
        ], path: "Benchmarks/ecoprov-bench"),
        .testTarget(name: "EcoCoreTests", dependencies: ["EcoCore"]),
        .testTarget(name: "EcoStandardsTests", dependencies: ["EcoStandards"]),
        .testTarget(name: "EcoStoreTests", dependencies: [
            "EcoCore", "EcoStore", "EcoStoreConformance", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "EcoIngestTests", dependencies: ["EcoCore", "EcoStore", "EcoIngest"]),
        // End-to-end tests that run the built `ecoprov` binary.
        .testTarget(name: "CLITests", dependencies: ["ecoprov"]),
    ],
    swiftLanguageModes: [.v6]
)

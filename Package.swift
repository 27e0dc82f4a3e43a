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
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
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
        // The web application: pages, JSON API, server-side SVG charts and maps.
        .target(name: "EcoWeb", dependencies: [
            "EcoCore", "EcoStandards", "EcoStore", "EcoIngest",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ], resources: [.copy("Resources/web")]),
        .executableTarget(name: "ecoprov", dependencies: [
            "EcoCore", "EcoStandards", "EcoStore", "EcoIngest", "EcoWeb",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "ecoprov-bench", dependencies: [
            "EcoCore", "EcoStandards", "EcoStore", "EcoIngest", .product(name: "GRDB", package: "GRDB.swift"),
        ], path: "Benchmarks/ecoprov-bench"),
        .testTarget(name: "EcoCoreTests", dependencies: ["EcoCore"]),
        .testTarget(name: "EcoStandardsTests", dependencies: ["EcoStandards"]),
        .testTarget(name: "EcoStoreTests", dependencies: [
            "EcoCore", "EcoStore", "EcoStoreConformance", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "EcoIngestTests", dependencies: ["EcoCore", "EcoStore", "EcoIngest"]),
        .testTarget(name: "EcoWebTests", dependencies: [
            "EcoCore", "EcoStore", "EcoIngest", "EcoWeb",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        // End-to-end tests that run the built `ecoprov` binary.
        .testTarget(name: "CLITests", dependencies: ["ecoprov"]),
    ],
    swiftLanguageModes: [.v6]
)

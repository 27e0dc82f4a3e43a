// swift-tools-version:6.0
import PackageDescription

// The targets form layers; a target depends only on targets of lower layers, and a domain module never on another
// domain. `Tests/ArchitectureTests` reads this file and every source file's imports and fails on a violation.
//
//   0 EcoKit                      shared primitives (civil day, fixed-point decimals, GB/T 8170, localized text)
//   1 EcoSheet                    XLSX read into typed cells and written from typed columns (ZIPFoundation, XMLCoder)
//   1 EcoCore, EcoStandards       pure domain and assessment; pure formulas of national standards
//   2 EcoStore                    the store core protocols (facets of regions, frameworks, observations, …)
//   3 EcoAir, EcoWater, EcoSources, EcoAccounting, EcoDelivery, EcoEnterprise, EcoAccess  one module per domain: model, pipeline, store facet, feeds
//   4 EcoIngest, EcoDemo          readers of files; synthetic demo generators
//   5 EcoStoreSQLite, EcoStorePostgres, EcoStoreConformance   backends and the suite every backend passes
//   6 EcoServices                 use cases: import, evaluations, demo load, snapshots
//   7 EcoPresent                  one JSON document per resource, display formatting, CSV writers, OpenAPI
//   8 EcoWeb                      the web application
//   9 ecoprov, ecoprov-bench      the CLI (the only place that picks a backend) and the benchmarks
let package = Package(
    name: "EcoProvince",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "ecoprov", targets: ["ecoprov"]),
        .library(name: "EcoCore", targets: ["EcoCore"]),
        // For the fuzz package in Fuzz/ (scripts/fuzz).
        .library(name: "EcoFuzzEntries", targets: ["EcoFuzzEntries"]),
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
        .package(url: "https://github.com/mattpolzin/OpenAPIKit", from: "6.4.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/CoreOffice/XMLCoder", from: "0.18.2"),
    ],
    targets: [
        // 0 — shared primitives. Foundation only.
        .target(name: "EcoKit"),
        // 1 — spreadsheets: the XLSX package (ZIPFoundation) and its parts (XMLCoder), read into typed cells and written
        // from typed columns. Knows nothing of the domain.
        .target(name: "EcoSheet", dependencies: [
            "EcoKit",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"), .product(name: "XMLCoder", package: "XMLCoder"),
        ]),
        // 1 — pure domain (regions, frameworks, observations, assessment, ranking, readiness). No I/O, no clock.
        .target(name: "EcoCore", dependencies: ["EcoKit"]),
        // 1 — pure computations from national standards, one folder per standard family.
        .target(name: "EcoStandards", dependencies: ["EcoKit"]),
        // 2 — the store core: one small protocol per facet, no backend types.
        .target(name: "EcoStore", dependencies: ["EcoKit", "EcoCore", .product(name: "Crypto", package: "swift-crypto")]),
        // 3 — the air monitoring domain: stations, station-hours, the HJ 663 pipeline, its store facet and feeds.
        .target(name: "EcoAir", dependencies: ["EcoKit", "EcoCore", "EcoStandards", "EcoStore"]),
        .target(name: "EcoWater", dependencies: ["EcoKit", "EcoCore", "EcoStandards", "EcoStore"]),
        // 3 — pollution sources: the registry (enterprises, outlets, HJ 212 devices, permits, limits), the intake of
        // HJ 212 packets, exceedance alarms, transmission rates, and the store facet.
        .target(name: "EcoSources", dependencies: ["EcoKit", "EcoCore", "EcoStandards", "EcoStore"]),
        // 3 — carbon and GEP accounting: factor and price sets, CO₂ from energy, intensity and peak tracking, GEP/GEEP
        // accounts, protected areas and their share of land, the accounting store facet and its feeds.
        .target(name: "EcoAccounting", dependencies: ["EcoKit", "EcoCore", "EcoStore"]),
        // 3 — delivery and accountability: programmes (专栏1–5), projects, task lists and departments, supervision cases
        // (五步法), the monthly air ranking, 量化问责 triggers and the air reward/penalty, their rules as data, the store facet.
        .target(name: "EcoDelivery", dependencies: ["EcoKit", "EcoCore", "EcoStore"]),
        .target(name: "EcoEnterprise", dependencies: ["EcoKit", "EcoCore", "EcoStore"]),
        // 3 — accounts: roles scoped to a region subtree, API tokens, the accounts store facet.
        .target(name: "EcoAccess", dependencies: ["EcoKit", "EcoCore", "EcoStore"]),
        // 4 — readers (CSV, GeoJSON, monitoring files) and the built-in data files.
        .target(name: "EcoIngest", dependencies: [
            "EcoKit", "EcoCore", "EcoStandards", "EcoAir", "EcoWater", "EcoSources", "EcoAccounting", "EcoDelivery", "EcoEnterprise", "EcoSheet",
            .product(name: "CSV", package: "CSV.swift"),
        ], resources: [.copy("Resources/data")]),
        // 4 — synthetic demo generators, emitting domain values directly.
        .target(name: "EcoDemo", dependencies: ["EcoKit", "EcoCore", "EcoStandards", "EcoAir", "EcoWater", "EcoSources", "EcoAccounting", "EcoDelivery", "EcoEnterprise"]),
        // 5 — the embedded SQLite backend (GRDB), one file per facet.
        .target(name: "EcoStoreSQLite", dependencies: [
            "EcoKit", "EcoCore", "EcoStandards", "EcoStore", "EcoAir", "EcoWater", "EcoAccess", "EcoSources", "EcoAccounting", "EcoDelivery", "EcoEnterprise", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // 5 — the PostgreSQL backend (PostgresNIO): the same facets, monitoring tables partitioned by month, COPY writes.
        .target(name: "EcoStorePostgres", dependencies: [
            "EcoKit", "EcoCore", "EcoStandards", "EcoStore", "EcoAir", "EcoWater", "EcoAccess", "EcoSources", "EcoAccounting", "EcoDelivery", "EcoEnterprise",
            .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // 5 — the behaviour every backend must pass, every facet included.
        .target(name: "EcoStoreConformance", dependencies: ["EcoKit", "EcoCore", "EcoStandards", "EcoStore", "EcoAir", "EcoWater", "EcoAccess", "EcoSources", "EcoAccounting", "EcoDelivery", "EcoEnterprise"]),
        // 6 — the use cases, shared by the CLI and the web; the clock is injected.
        .target(name: "EcoServices", dependencies: [
            "EcoKit", "EcoCore", "EcoStandards", "EcoStore", "EcoAir", "EcoWater", "EcoAccess", "EcoSources", "EcoAccounting", "EcoDelivery", "EcoEnterprise", "EcoIngest", "EcoDemo",
            .product(name: "Crypto", package: "swift-crypto"), .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
        ]),
        // 7 — presentation: one JSON document per resource, display formatting, CSV writers, the OpenAPI document.
        .target(name: "EcoPresent", dependencies: [
            "EcoKit", "EcoCore", "EcoStandards", "EcoAir", "EcoWater", "EcoSources", "EcoAccounting", "EcoDelivery", "EcoEnterprise", "EcoIngest", "EcoServices",
            .product(name: "CSV", package: "CSV.swift"), .product(name: "OpenAPIKit", package: "OpenAPIKit"),
        ]),
        // 8 — the web application: pages, JSON API, server-side SVG charts and maps.
        .target(name: "EcoWeb", dependencies: [
            "EcoKit", "EcoCore", "EcoStandards", "EcoStore", "EcoAir", "EcoWater", "EcoAccess", "EcoSources", "EcoAccounting", "EcoDelivery", "EcoEnterprise", "EcoIngest", "EcoServices",
            "EcoPresent", .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "OpenAPIKit", package: "OpenAPIKit"),
        ], resources: [.copy("Resources/web")]),
        // 8 — the HJ 212 acquisition server (SwiftNIO): framing, intake and acknowledgement per connection.
        .target(name: "EcoHJ212Server", dependencies: [
            "EcoKit", "EcoStandards", "EcoSources", "EcoDemo", "EcoServices",
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics"),
        ]),
        // 8 — the parsers' fuzz entry points (Fuzz/ builds them with libFuzzer; Tests/EcoFuzzTests replays the corpus).
        .target(name: "EcoFuzzEntries", dependencies: ["EcoKit", "EcoCore", "EcoStandards", "EcoAir", "EcoWater", "EcoSources", "EcoAccounting", "EcoDelivery", "EcoEnterprise", "EcoIngest", "EcoPresent", "EcoSheet"]),
        // 9 — the CLI; the only place that picks a storage backend.
        .executableTarget(name: "ecoprov", dependencies: [
            "EcoKit", "EcoCore", "EcoStandards", "EcoStore", "EcoAir", "EcoWater", "EcoIngest", "EcoDemo",
            "EcoAccess", "EcoSources", "EcoAccounting", "EcoDelivery", "EcoEnterprise", "EcoStoreSQLite", "EcoStorePostgres", "EcoServices", "EcoPresent", "EcoWeb", "EcoHJ212Server",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "ecoprov-bench", dependencies: [
            "EcoKit", "EcoCore", "EcoStandards", "EcoStore", "EcoAir", "EcoWater", "EcoSources", "EcoIngest", "EcoDemo", "EcoStoreSQLite",
            "EcoStorePostgres", "EcoServices", .product(name: "GRDB", package: "GRDB.swift"),
        ], path: "Benchmarks/ecoprov-bench"),
        .testTarget(name: "EcoKitTests", dependencies: ["EcoKit"]),
        .testTarget(name: "EcoSheetTests", dependencies: ["EcoKit", "EcoSheet"]),
        .testTarget(name: "EcoCoreTests", dependencies: ["EcoKit", "EcoCore"]),
        .testTarget(name: "EcoStandardsTests", dependencies: ["EcoKit", "EcoStandards"]),
        .testTarget(name: "EcoAirTests", dependencies: ["EcoKit", "EcoCore", "EcoStandards", "EcoAir"]),
        .testTarget(name: "EcoWaterTests", dependencies: ["EcoKit", "EcoCore", "EcoStandards", "EcoWater"]),
        .testTarget(name: "EcoAccountingTests", dependencies: [
            "EcoKit", "EcoCore", "EcoStore", "EcoAccounting", "EcoIngest", "EcoDemo", "EcoServices", "EcoStoreSQLite",
        ]),
        .testTarget(name: "EcoDeliveryTests", dependencies: [
            "EcoKit", "EcoCore", "EcoStore", "EcoDelivery", "EcoAccess", "EcoIngest", "EcoDemo", "EcoServices", "EcoStoreSQLite", "EcoSheet",
        ]),
        .testTarget(name: "EcoEnterpriseTests", dependencies: [
            "EcoKit", "EcoCore", "EcoStandards", "EcoStore", "EcoEnterprise", "EcoSources", "EcoAccess", "EcoIngest", "EcoServices", "EcoStoreSQLite", "EcoPresent",
        ]),
        .testTarget(name: "EcoStoreTests", dependencies: [
            "EcoKit", "EcoCore", "EcoStore", "EcoAir", "EcoStoreSQLite", "EcoStorePostgres", "EcoStoreConformance",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "EcoIngestTests", dependencies: [
            "EcoKit", "EcoCore", "EcoStore", "EcoAir", "EcoWater", "EcoStandards", "EcoIngest", "EcoDemo", "EcoStoreSQLite", "EcoServices",
            "EcoPresent", "EcoSheet",
        ]),
        .testTarget(name: "EcoWebTests", dependencies: [
            "EcoKit", "EcoCore", "EcoStore", "EcoAir", "EcoWater", "EcoStandards", "EcoAccess", "EcoSources", "EcoAccounting", "EcoDelivery", "EcoEnterprise", "EcoIngest", "EcoStoreSQLite", "EcoStorePostgres", "EcoServices", "EcoPresent",
            "EcoWeb", .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "HTTPTypes", package: "swift-http-types"),
        ]),
        .testTarget(name: "EcoSourcesTests", dependencies: [
            "EcoKit", "EcoCore", "EcoStandards", "EcoSources", "EcoIngest", "EcoDemo", "EcoServices", "EcoStoreSQLite", "EcoHJ212Server",
        ]),
        // Every kept fuzz input and every crash found, replayed.
        .testTarget(name: "EcoFuzzTests", dependencies: ["EcoFuzzEntries"]),
        // Reads Package.swift and every source file's imports: the layering rules above.
        .testTarget(name: "ArchitectureTests"),
        // End-to-end tests that run the built `ecoprov` binary, and compare its JSON with the API's.
        .testTarget(name: "CLITests", dependencies: [
            "ecoprov", "EcoKit", "EcoCore", "EcoStore", "EcoAir", "EcoAccess", "EcoDelivery", "EcoEnterprise", "EcoStoreSQLite", "EcoStorePostgres", "EcoServices", "EcoWeb",
            .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "GRDB", package: "GRDB.swift"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)

// Imports are internal unless a file re-exports a module's types in its public API (`public import`).
for target in package.targets {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("InternalImportsByDefault")]
}

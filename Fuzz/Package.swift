// swift-tools-version:6.0
import PackageDescription

// The fuzz targets, in a package of their own so that the main package's normal build never links them (each has
// libFuzzer's main). Built and run by `scripts/fuzz` with `-sanitize=fuzzer,address`.
let package = Package(
    name: "EcoProvinceFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "EcoProvince", path: "..")],
    targets: ["YearlyCSV", "AirCSV", "WaterCSV", "Framework", "Query", "Form", "HJ212", "Registry", "Accounting", "Delivery", "Enterprise", "XLSX"].map { name in
        .executableTarget(name: "Fuzz\(name)", dependencies: [.product(name: "EcoFuzzEntries", package: "EcoProvince")],
                          swiftSettings: [.unsafeFlags(["-parse-as-library"])])
    },
    swiftLanguageModes: [.v6]
)

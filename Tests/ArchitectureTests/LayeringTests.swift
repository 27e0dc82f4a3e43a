import Foundation
import XCTest

/// The architecture's rules, read from the package itself: every target sits on a layer, depends only on lower
/// layers, a domain module never on another domain, and every `import` of a project module in a source file is a
/// declared dependency (so the graph in Package.swift is the graph of the code). The README's architecture section
/// names every module.
final class LayeringTests: XCTestCase {
    /// The layers, lowest first. A new module must be placed here (and in the README) before it builds green.
    static let layers: [String: Int] = [
        "EcoKit": 0,
        "EcoCore": 1, "EcoStandards": 1, "EcoSheet": 1,
        "EcoStore": 2,
        "EcoAir": 3, "EcoWater": 3, "EcoSources": 3, "EcoAccounting": 3, "EcoDelivery": 3, "EcoEnterprise": 3, "EcoAccess": 3,
        "EcoIngest": 4, "EcoDemo": 4,
        "EcoStoreSQLite": 5, "EcoStorePostgres": 5, "EcoStoreConformance": 5,
        "EcoServices": 6,
        "EcoPresent": 7,
        "EcoWeb": 8, "EcoHJ212Server": 8, "EcoFuzzEntries": 8,
        "ecoprov": 9, "ecoprov-bench": 9,
    ]
    /// The domain modules: none may depend on another.
    static let domains: Set<String> = ["EcoAir", "EcoWater", "EcoSources", "EcoAccounting", "EcoDelivery", "EcoEnterprise", "EcoAccess"]

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Target {
        let name: String
        let kind: String
        let dependencies: [String]
        let path: String?
    }

    /// The targets of a Package.swift text with their dependencies on other targets of the package (products of
    /// other packages are left out).
    static func targets(in manifest: String) -> [Target] {
        let pattern = try! NSRegularExpression(pattern: #"\.(target|executableTarget|testTarget)\(\s*name:\s*"([^"]+)""#)
        let ns = manifest as NSString
        let matches = pattern.matches(in: manifest, range: NSRange(location: 0, length: ns.length))
        var out: [(String, String, String)] = []
        for (i, m) in matches.enumerated() {
            let end = i + 1 < matches.count ? matches[i + 1].range.location : ns.length
            let body = ns.substring(with: NSRange(location: m.range.location, length: end - m.range.location))
            out.append((ns.substring(with: m.range(at: 1)), ns.substring(with: m.range(at: 2)), body))
        }
        let names = Set(out.map(\.1))
        return out.map { kind, name, body in
            var deps: [String] = []
            if let open = body.range(of: "dependencies: [") {
                var depth = 1
                var idx = open.upperBound
                while idx < body.endIndex, depth > 0 {
                    if body[idx] == "[" { depth += 1 } else if body[idx] == "]" { depth -= 1 }
                    idx = body.index(after: idx)
                }
                let list = String(body[open.upperBound..<idx])
                // `.product(name: "X", package: "Y")` names another package's product: drop those first.
                let withoutProducts = list.replacingOccurrences(of: #"\.product\([^)]*\)"#, with: "", options: .regularExpression)
                let quoted = try! NSRegularExpression(pattern: #""([^"]+)""#)
                let wp = withoutProducts as NSString
                deps = quoted.matches(in: withoutProducts, range: NSRange(location: 0, length: wp.length)).map { wp.substring(with: $0.range(at: 1)) }
                    .filter { names.contains($0) }
            }
            let path = body.range(of: #"path:\s*"([^"]+)""#, options: .regularExpression).map { r -> String in
                let s = String(body[r])
                return String(s.split(separator: "\"")[1])
            }
            return Target(name: name, kind: kind, dependencies: deps, path: path)
        }
    }

    /// Every violation of the layering rules among the declared dependencies, one sentence each.
    static func violations(_ targets: [Target]) -> [String] {
        var out: [String] = []
        for t in targets where t.kind != "testTarget" {
            guard let layer = layers[t.name] else { out.append("\(t.name) is on no layer (add it to LayeringTests.layers and the README)"); continue }
            for d in t.dependencies {
                guard let dl = layers[d] else { out.append("\(t.name) depends on \(d), which is on no layer"); continue }
                if dl >= layer { out.append("\(t.name) (layer \(layer)) depends on \(d) (layer \(dl)): a target may only depend on lower layers") }
                if domains.contains(t.name), domains.contains(d) { out.append("domain \(t.name) depends on domain \(d)") }
            }
        }
        return out
    }

    /// The project modules a Swift source imports (`import X`, `@testable import X`, `public import X`…).
    static func imports(_ source: String, modules: Set<String>) -> Set<String> {
        var out = Set<String>()
        for line in source.split(separator: "\n", omittingEmptySubsequences: true) {
            let words = line.split(separator: " ").map(String.init)
            guard let i = words.firstIndex(of: "import"), i + 1 < words.count,
                  words[..<i].allSatisfy({ $0.hasPrefix("@") || ["public", "internal", "package", "private", "fileprivate"].contains($0) })
            else { continue }
            let module = words[i + 1]
            if modules.contains(module) { out.insert(module) }
        }
        return out
    }

    func manifest() throws -> String {
        try String(contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8)
    }

    func testEveryTargetDependsOnlyOnLowerLayersAndNoDomainOnAnother() throws {
        let targets = Self.targets(in: try manifest())
        XCTAssertGreaterThan(targets.count, 10, "the manifest's targets were found")
        XCTAssertTrue(targets.contains { $0.name == "EcoAir" && $0.dependencies == ["EcoKit", "EcoCore", "EcoStandards", "EcoStore"] })
        XCTAssertEqual(Self.violations(targets), [])
    }

    func testEverySourceImportIsADeclaredDependency() throws {
        let targets = Self.targets(in: try manifest())
        let modules = Set(targets.filter { $0.kind != "testTarget" }.map(\.name))
        var problems: [String] = []
        var files = 0
        for t in targets {
            let dir = t.path ?? (t.kind == "testTarget" ? "Tests/\(t.name)" : "Sources/\(t.name)")
            let base = Self.root.appendingPathComponent(dir)
            guard let e = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in e where url.pathExtension == "swift" {
                files += 1
                let used = Self.imports(try String(contentsOf: url, encoding: .utf8), modules: modules)
                for m in used.subtracting(t.dependencies) where m != t.name {
                    problems.append("\(dir)/\(url.lastPathComponent) imports \(m), which \(t.name) does not declare")
                }
            }
        }
        XCTAssertGreaterThan(files, 50)
        XCTAssertEqual(problems, [])
    }

    /// The checks find what they are meant to find.
    func testTheChecksCatchAViolation() {
        let bad = """
            .target(name: "EcoKit"),
            .target(name: "EcoCore", dependencies: ["EcoKit", "EcoAir"]),
            .target(name: "EcoAir", dependencies: ["EcoKit", .product(name: "GRDB", package: "GRDB.swift")]),
            .target(name: "EcoWater", dependencies: ["EcoAir"]),
            .target(name: "EcoMystery"),
            """
        let v = Self.violations(Self.targets(in: bad))
        XCTAssertEqual(v.count, 4, "\(v)")
        XCTAssertTrue(v.contains { $0.hasPrefix("EcoCore (layer 1) depends on EcoAir (layer 3)") })
        XCTAssertTrue(v.contains { $0 == "domain EcoWater depends on domain EcoAir" })
        XCTAssertTrue(v.contains { $0.hasPrefix("EcoMystery is on no layer") })
        XCTAssertEqual(Self.imports("import Foundation\n@testable import EcoCore\npublic import EcoKit\n// import EcoAir\nlet importer = 1",
                                    modules: ["EcoCore", "EcoKit", "EcoAir"]), ["EcoCore", "EcoKit"])
    }

    /// The README's architecture section draws the same modules.
    func testTheReadmeNamesEveryModule() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        guard let section = readme.range(of: "## Architecture") else { return XCTFail("README has no Architecture section") }
        let text = readme[section.upperBound...]
        for t in Self.targets(in: try manifest()) where t.kind == "target" {
            XCTAssertTrue(text.contains(t.name), "README architecture section does not mention \(t.name)")
        }
    }
}

import EcoAir
public import EcoAccounting
public import EcoCore
public import EcoWater
import EcoKit
public import EcoSources
public import Foundation

/// The data shipped with EcoProvince: the Shanxi division tree, the three frameworks and the published
/// province figures. They are read from the package's resource folder (`Resources/data`).
public enum BuiltinData {
    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }

    static func url(_ relative: String) throws -> URL {
        guard let base = Bundle.module.url(forResource: "data", withExtension: nil) else {
            throw Missing(description: "the built-in data folder is missing next to the executable")
        }
        return base.appendingPathComponent(relative)
    }

    /// Ids of the built-in frameworks, in the order they are loaded.
    /// The Shanxi 2021–2030 framework, the platform's default (the one place its id is written).
    public static let shanxi = "shanxi-2021"
    /// The built-in frameworks, in load order.
    public static let frameworkIds = [shanxi, "eco-province-2007", "mee-demo-2019"]

    public static func frameworks() throws -> [Framework] {
        try frameworkIds.map { id in
            let fw = try FrameworkCoding.decode(Data(contentsOf: try url("frameworks/\(id).json")))
            let problems = FrameworkValidator.problems(in: fw)
            guard problems.isEmpty else {
                throw Missing(description: "built-in framework \(id) is invalid: \(problems.map(\.description).joined(separator: "; "))")
            }
            return fw
        }
    }

    /// The crosswalk between the built-in frameworks (`data/frameworks/crosswalk.json`), checked against them.
    public static func crosswalk(frameworks: [Framework]) throws -> Crosswalk {
        let c = try JSONDecoder().decode(Crosswalk.self, from: Data(contentsOf: try url("frameworks/crosswalk.json")))
        let problems = c.problems(frameworks: frameworks)
        guard problems.isEmpty else { throw Missing(description: "crosswalk.json: " + problems.joined(separator: "; ")) }
        return c
    }

    /// Chinese renderings of the built-in frameworks' English provenance notes and sources, keyed by the stored
    /// text (`data/frameworks/provenance-zh.json`); empty if the file cannot be read.
    public static let provenanceZh: [String: String] = {
        struct File: Decodable { let zh: [String: String] }
        guard let u = try? url("frameworks/provenance-zh.json"), let d = try? Data(contentsOf: u),
              let f = try? JSONDecoder().decode(File.self, from: d) else { return [:] }
        return f.zh
    }()

    /// The ids of the built-in eco-compensation schemes.
    public static let compensationIds = ["shanxi-vertical-2013", "yellow-river-yjs-2025"]

    /// The built-in eco-compensation schemes (`data/compensation/*.json`).
    public static func compensationSchemes() throws -> [CompensationScheme] {
        try compensationIds.map { id in try compensationScheme(Data(contentsOf: try url("compensation/\(id).json")), file: "\(id).json") }
    }

    /// Decodes a scheme file, or one sentence naming the file and what is wrong.
    public static func compensationScheme(_ data: Data, file: String) throws -> CompensationScheme {
        do { return try JSONDecoder().decode(CompensationScheme.self, from: data) } catch {
            throw Missing(description: "\(file): not a compensation scheme (\(decodingProblem(error)))")
        }
    }

    /// Where a JSON document failed to decode: the key path and what was wrong.
    static func decodingProblem(_ error: any Error) -> String {
        guard let e = error as? DecodingError else { return "\(error)" }
        switch e {
        case .keyNotFound(let k, let c): return (c.codingPath + [k]).map(\.stringValue).joined(separator: ".") + " is missing"
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
            return c.codingPath.map(\.stringValue).joined(separator: ".") + ": " + c.debugDescription
        @unknown default: return "\(e)"
        }
    }

    /// The built-in rules of the sources domain (`data/sources/policy.json`, marked reconstructed).
    public static func sourcesPolicy() throws -> SourcesPolicy {
        try sourcesPolicy(Data(contentsOf: try url("sources/policy.json")), file: "policy.json")
    }

    /// Decodes a sources policy file and checks its numbers, or one sentence naming the file and what is wrong.
    public static func sourcesPolicy(_ data: Data, file: String) throws -> SourcesPolicy {
        let p: SourcesPolicy
        do { p = try JSONDecoder().decode(SourcesPolicy.self, from: data) } catch {
            throw Missing(description: "\(file): not a sources policy (\(error))")
        }
        if let problem = p.problem { throw Missing(description: "\(file): \(problem)") }
        return p
    }

    /// The Shanxi divisions (codes as of 2024-12-31, plus the codes retired by the 2018–2019 mergers).
    public static func regions() throws -> [Region] {
        let text = try String(contentsOf: try url("regions/shanxi.csv"), encoding: .utf8)
        return try RegionCSV.parse(text, file: "regions/shanxi.csv")
    }

    /// Province figures published 2020–2024, each with its source and certainty mark.
    public static func publishedFigures() throws -> [Observation] {
        let file = "published/shanxi-2020-2024.csv"
        let table = try CSVTable(text: String(contentsOf: try url(file), encoding: .utf8))
        guard let header = table.records.first?.fields else { return [] }
        func idx(_ n: String) throws -> Int {
            guard let i = header.firstIndex(of: n) else { throw Missing(description: "\(file): no column \(n)") }
            return i
        }
        let cr = try idx("region"), ci = try idx("indicator"), cy = try idx("year"), cv = try idx("value"),
            cc = try idx("certainty"), cs = try idx("source"), cn = try idx("note")
        return try table.records.dropFirst().map { rec in
            let f = rec.fields
            guard f.count == header.count, let code = RegionCode(f[cr]), let year = Int(f[cy]),
                  let certainty = Certainty(rawValue: f[cc]) else {
                throw Missing(description: "\(file):\(rec.line): malformed row")
            }
            let value: ObservationValue = Double(f[cv]).map { .number($0) } ?? .level(f[cv])
            return Observation(key: ObservationKey(framework: shanxi, indicator: f[ci], region: code, year: year),
                                    value: value, source: f[cs], note: f[cn].isEmpty ? nil : f[cn], certainty: certainty)
        }
    }
}

/// The regions file format: `code,name_zh,name_en,level,parent,kind,valid_from,valid_to` followed by one column
/// per region attribute (economicZone, terrain, population, landArea); empty cells mean unknown.
public enum RegionCSV {
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    public static func parse(_ text: String, file: String) throws -> [Region] {
        let table = try CSVTable(text: text)
        guard let header = table.records.first?.fields else { throw Problem(description: "\(file):1:1: the file is empty") }
        let fixed = ["code", "name_zh", "name_en", "level", "parent", "kind", "valid_from", "valid_to"]
        guard Array(header.prefix(fixed.count)) == fixed else {
            throw Problem(description: "\(file):1:1: the header must start with \(fixed.joined(separator: ","))")
        }
        let attributeNames = Array(header.dropFirst(fixed.count))
        for (i, a) in attributeNames.enumerated() where !RegionAttribute.isKnown(a) || a == RegionAttribute.level {
            throw Problem(description: "\(file):1:\(fixed.count + i + 1): unknown region attribute '\(a)'")
        }
        return try table.records.dropFirst().map { rec in
            let f = rec.fields
            guard f.count == header.count else {
                throw Problem(description: "\(file):\(rec.line):1: expected \(header.count) fields, found \(f.count)")
            }
            guard let code = RegionCode(f[0]) else { throw Problem(description: "\(file):\(rec.line):1: '\(f[0])' is not a 6-digit code") }
            guard let level = RegionLevel(rawValue: f[3]) else {
                throw Problem(description: "\(file):\(rec.line):4: level '\(f[3])' is not province, city or county")
            }
            var attributes: [String: String] = [:]
            for (i, a) in attributeNames.enumerated() where !f[fixed.count + i].isEmpty {
                let v = f[fixed.count + i]
                if let problem = RegionAttributeRules.problem(name: a, value: v) {
                    throw Problem(description: "\(file):\(rec.line):\(fixed.count + i + 1): \(problem)")
                }
                attributes[a] = v
            }
            return Region(code: code, name: LocalizedText(zh: f[1], en: f[2]), level: level, parent: RegionCode(f[4]), kind: f[5],
                          validFrom: f[6].isEmpty ? nil : f[6], validTo: f[7].isEmpty ? nil : f[7], attributes: attributes)
        }
    }
}

extension BuiltinData {
    /// The built-in CO₂ factor set (`data/accounting/factors-provincial-2011.json`), every product checked.
    public static func factorSet() throws -> FactorSet { try loadedFactorSet.get() }

    // The accounting files are read once per process: every page and account uses them.
    static let loadedFactorSet = Result { () throws -> FactorSet in
        let s = try JSONDecoder().decode(FactorSet.self, from: Data(contentsOf: try url("accounting/factors-provincial-2011.json")))
        guard s.problems.isEmpty else { throw Missing(description: "factors-provincial-2011.json: " + s.problems.joined(separator: "; ")) }
        return s
    }
    static let loadedCatalogue = Result { try JSONDecoder().decode([GEPAccountSpec].self, from: Data(contentsOf: try url("accounting/gep-accounts.json"))) }
    static let loadedPrices = Result { try JSONDecoder().decode(GEPPriceSet.self, from: Data(contentsOf: try url("accounting/gep-prices.json"))) }

    /// The GEP account catalogue (`data/accounting/gep-accounts.json`).
    public static func gepCatalogue() throws -> [GEPAccountSpec] { try loadedCatalogue.get() }

    /// The default GEP prices and deflator (`data/accounting/gep-prices.json`).
    public static func gepPrices() throws -> GEPPriceSet { try loadedPrices.get() }

    /// Land areas of the province and cities, km² (`data/accounting/land-area.json`, reconstructed): code → km², with
    /// the file's source and certainty.
    public static func landAreas() throws -> (areas: [String: Double], source: String, certainty: String) {
        struct File: Decodable { let source: String; let certainty: String; let areas: [String: Double] }
        let f = try JSONDecoder().decode(File.self, from: Data(contentsOf: try url("accounting/land-area.json")))
        return (f.areas, f.source, f.certainty)
    }
}

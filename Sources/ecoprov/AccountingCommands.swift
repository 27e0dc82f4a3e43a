public import ArgumentParser
import EcoAccounting
import EcoCore
import EcoDemo
import EcoKit
import EcoPresent
import EcoServices
import Foundation

/// `table` or `json`, as the accounting commands take them (issue #15).
enum AccountsFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

extension GridChoice: ExpressibleByArgument {}
extension GEPMethod: ExpressibleByArgument {}

/// A region code argument, checked.
func regionArgument(_ text: String) throws -> RegionCode {
    guard let c = RegionCode(text) else { throw UserError("--region '\(text.prefix(40))' is not a 6-digit division code") }
    return c
}

/// `ecoprov carbon`: CO₂ from energy, the intensity indicator and peak tracking.
struct Carbon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Carbon accounts: CO2 from energy by fuel, the electricity adjustment, intensity and its reduction, peak tracking.",
                                                    subcommands: [Factors.self, CarbonImport.self, CarbonCompute.self, CarbonPeak.self])

    /// `ecoprov carbon factors import FILE --set ID` and `ecoprov carbon factors list`.
    struct Factors: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "CO2 factor sets.", subcommands: [Import.self, List.self])

        struct Import: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract:
                "Import a factor set: fuel,unit,co2_factor (tCO2 per unit) or fuel,unit,ncv,ncv_unit,carbon_content,oxidation (tC/TJ, fraction). All or nothing.")
            @OptionGroup var global: GlobalOptions
            @Argument var file: String
            @Option(name: .customLong("set"), help: "The set's id (letters, digits, - and _).") var set: String

            func run() async throws {
                do {
                    let s = try await global.services().importFactorSet(try readFile(file), file: file, id: set)
                    print("factor set \(s.id) v\(s.version): \(s.fuels.count) fuels; choose it with `ecoprov carbon compute --factors \(s.id)`")
                } catch let r as FileRefused { try refuse(r, file: file) }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "The factor sets with every factor, its product and certainty.")
            @OptionGroup var global: GlobalOptions
            @Option(help: "table or json") var format: AccountsFormat = .table

            func run() async throws {
                let sets = try await global.services().factorSets()
                if format == .json { print(try JSONDocument.text(sets)); return }
                for s in sets {
                    print("\(s.id) v\(s.version) — \(s.name)")
                    print(try Show.rows(["fuel", "unit", "ncv GJ/unit", "tC/TJ", "oxidation", "tCO2/unit", "tce/unit", "certainty"], s.fuels.map { f in
                        [f.fuel, f.unit, f.ncv.map(CarbonAccounting.text) ?? "", f.carbonContent.map(CarbonAccounting.text) ?? "", f.oxidation.map(CarbonAccounting.text) ?? "",
                         CarbonAccounting.text(f.co2Factor), f.tcePerUnit.map { NumberText.fixed($0, decimals: 4) } ?? "", f.certainty]
                    }, csv: false), terminator: "")
                    for g in s.grid { print("  grid \(g.grid.rawValue) \(g.year): \(g.value) tCO2/MWh (\(g.certainty))") }
                }
            }
        }
    }
}

/// `ecoprov carbon import FILE --kind energy|electricity|gdp`.
struct CarbonImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract:
        "Import carbon inputs: energy region,year,fuel,amount,unit[,use]; electricity region,year,net_import_kwh; gdp region,year,gdp_nominal,gdp_index (亿元, previous year = 100). All or nothing; each region-year replaces the stored one.")
    enum Kind: String, ExpressibleByArgument, CaseIterable { case energy, electricity, gdp }
    @OptionGroup var global: GlobalOptions
    @Argument var file: String
    @Option(help: "energy, electricity or gdp") var kind: Kind

    func run() async throws {
        do {
            let n = try await global.services().importCarbon(try readFile(file), file: file, kind: AccountingInputKind(rawValue: kind.rawValue) ?? .energy)
            print("imported \(n) \(kind.rawValue) rows")
        } catch let r as FileRefused { try refuse(r, file: file) }
    }
}

/// `ecoprov carbon compute --year Y [--region R] [--grid-factor …] [--factors ID] --format table|json`.
struct CarbonCompute: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "compute", abstract:
        "The year's CO2 accounts with their arithmetic; writes the cumulative intensity reduction into co2_intensity_reduction (province and cities) unless --region or --dry-run.")
    @OptionGroup var global: GlobalOptions
    @Option var year: Int
    @Option(help: "One region's account (nothing is written).") var region: String?
    @Option(name: .customLong("grid-factor"), help: "national, north-china or provincial") var grid: GridChoice = .provincial
    @Option(help: "A factor set id (default: provincial-2011).") var factors: String?
    @Flag(help: "Compute and print only.") var dryRun = false
    @Option(help: "table or json") var format: AccountsFormat = .table

    func run() async throws {
        try checkYear(year)
        let services = try await global.services()
        let r = try region.map(regionArgument)
        let run = try await services.computeCarbon(year: year, region: r, factors: factors, grid: grid, framework: global.framework, dryRun: dryRun || r != nil)
        let tree = try await services.tree()
        if format == .json {
            print(try JSONDocument.text(run.accounts.map { NamedRegionJSON($0, region: $0.region, tree: tree, lang: global.language) })); return
        }
        for a in run.accounts { print(AccountingText.carbonLines(a, name: tree[a.region]?.name[global.language] ?? a.region.rawValue).joined(separator: "\n")) }
        print(run.written.map { "fed co2_intensity_reduction: \($0.inserted) new, \($0.updated) updated, \($0.kept) kept" } ?? "nothing written")
    }
}

/// `ecoprov carbon peak --region R [--growth PCT]`.
struct CarbonPeak: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "peak", abstract:
        "Peak tracking: the maximum so far, the trend, and the projected peak under the trend and under a what-if growth rate (% per year to 2030).")
    @OptionGroup var global: GlobalOptions
    @Option var region: String
    @Option(help: "What-if growth of CO2, % per year from the latest year to 2030.") var growth: Double?
    @Option(name: .customLong("grid-factor"), help: "national, north-china or provincial") var grid: GridChoice = .provincial
    @Option(help: "A factor set id.") var factors: String?
    @Option(help: "table or json") var format: AccountsFormat = .table

    func run() async throws {
        let services = try await global.services()
        let code = try regionArgument(region)
        let p = try await services.carbonPeak(region: code, growth: growth, factors: factors, grid: grid)
        let tree = try await services.tree()
        if format == .json { print(try JSONDocument.text(NamedRegionJSON(p, region: code, tree: tree, lang: global.language))); return }
        let t = AccountingText.wanTonnes
        print("\(tree[code]?.name[global.language] ?? code.rawValue) \(code.rawValue) · CO2 (grid \(grid.rawValue)), 万t")
        for o in p.observed { print("  \(o.year)  \(t(o.value))") }
        print("  maximum so far: \(p.maxYear.map(String.init) ?? "—") (\(t(p.maxValue)))")
        print("  level trend (WLS): \(p.levelSlope.map { "\(t($0)) 万t per year" } ?? "too few years")")
        if let g = p.growthNext, let s = p.growthSlope {
            print("  growth-rate trend: \(NumberText.fixed(g, decimals: 2)) % next year, \(NumberText.fixed(s, decimals: 2)) points per year")
            print("  projected peak (trend): " + (p.trendPeakYear.map { "\($0) at \(t(p.trendPeakValue))" } ?? "none before \(PeakProjection.horizon)"))
        } else { print("  projected peak (trend): too few years (4 consecutive years needed)") }
        if let w = p.whatIfGrowth {
            print("  what-if \(NumberText.shortest(w)) % a year: peak \(p.whatIfPeakYear.map(String.init) ?? "—") at \(t(p.whatIfPeakValue))" + (p.whatIfStillRising ? " (still rising in 2030)" : ""))
        }
    }
}

/// `ecoprov gep`: gross ecosystem product accounts.
struct GEP: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gep", abstract: "GEP/GEEP accounts: provisioning, regulating and cultural services, valued and summed.",
                                                    subcommands: [Import.self, Compute.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract:
            "Import GEP rows: region,year,account,item,quantity,unit,price,price_unit,value (all or nothing; each region-year replaces the stored one).")
        @OptionGroup var global: GlobalOptions
        @Argument var file: String

        func run() async throws {
            do { print("imported \(try await global.services().importGEP(try readFile(file), file: file)) GEP rows") } catch let r as FileRefused { try refuse(r, file: file) }
        }
    }

    struct Compute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract:
            "A region's GEP with every account's quantity, price, value (10^8 yuan) and share; a region without rows is the sum of its children.")
        @OptionGroup var global: GlobalOptions
        @Option var region: String
        @Option var year: Int
        @Option(help: "ndrc-2022, mee-2020 or local (which accounts count)") var method: GEPMethod = .ndrc2022
        @Option(help: "Accounts to count although the method leaves them out, comma-separated (e.g. 释氧).") var include: String = ""
        @Option(help: "Accounts to leave out, comma-separated.") var exclude: String = ""
        @Option(help: "table or json") var format: AccountsFormat = .table

        func run() async throws {
            try checkYear(year)
            let services = try await global.services()
            let code = try regionArgument(region)
            let split = { (s: String) in Set(s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }) }
            let r = try await services.computeGEP(region: code, year: year, method: method, include: split(include), exclude: split(exclude))
            let tree = try await services.tree()
            if format == .json { print(try JSONDocument.text(NamedRegionJSON(r, region: code, tree: tree, lang: global.language))); return }
            print(AccountingText.gepLines(r, name: tree[code]?.name[global.language] ?? code.rawValue).joined(separator: "\n"))
        }
    }
}

/// `ecoprov protected`: the protected-area registry and the protected share of land.
struct Protected: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Protected areas and the ecological red line: registry, outlines, share of land area.",
                                                    subcommands: [Import.self, Outlines.self, Compute.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract:
            "Import the registry: id,name,type,level,designated,region,area_km2[,within] (type 国家公园/自然保护区/自然公园/生态保护红线; all or nothing).")
        @OptionGroup var global: GlobalOptions
        @Argument var file: String

        func run() async throws {
            do { print("imported \(try await global.services().importProtected(try readFile(file), file: file).count) protected areas") } catch let r as FileRefused { try refuse(r, file: file) }
        }
    }

    struct Outlines: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract:
            "Import outlines (GeoJSON features with properties.id of the registry); lists those whose ellipsoid area differs from the designated area by more than 5 %.")
        @OptionGroup var global: GlobalOptions
        @Argument var file: String

        func run() async throws {
            do {
                let (n, diffs) = try await global.services().importProtectedOutlines(try readFile(file), file: file)
                print("imported \(n) outlines")
                for d in diffs {
                    print("  \(d.area.id) \(d.area.name): designated \(NumberText.fixed(d.area.areaKm2, decimals: 1)) km², outline \(NumberText.fixed(d.measuredKm2, decimals: 1)) km² (\(NumberText.fixed(d.difference * 100, decimals: 1)) %)")
                }
            } catch let r as FileRefused { try refuse(r, file: file) }
        }
    }

    struct Compute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract:
            "The protected share of land per region (outlines unioned on the ellipsoid, others by designated area); writes protected_area_share unless --dry-run.")
        @OptionGroup var global: GlobalOptions
        @Option var year: Int
        @Flag(help: "Compute and print only.") var dryRun = false
        @Option(help: "table or json") var format: AccountsFormat = .table

        func run() async throws {
            try checkYear(year)
            let services = try await global.services()
            let run = try await services.computeProtected(year: year, framework: global.framework, dryRun: dryRun)
            let tree = try await services.tree()
            if format == .json { print(try JSONDocument.text(run.shares.map { NamedRegionJSON($0, region: $0.region, tree: tree, lang: global.language) })); return }
            print(try Show.rows(["region", "name", "areas", "outlined", "union km²", "registered km²", "nested", "protected km²", "land km²", "share %", "land from"], run.shares.map { s in
                [s.region.rawValue, tree[s.region]?.name[global.language] ?? "", String(s.areas), String(s.withOutlines), NumberText.fixed(s.outlinedKm2, decimals: 1),
                 NumberText.fixed(s.registeredKm2, decimals: 1), String(s.nestedLeftOut), NumberText.fixed(s.protectedKm2, decimals: 1),
                 NumberText.fixed(s.landKm2, decimals: 1), AccountingText.percent(s.share, decimals: 2), s.landSource ?? ""]
            }, csv: false), terminator: "")
            print(run.shares.first?.rule ?? "")
            if !run.withoutLand.isEmpty { print("no land area (set the landArea attribute or import a boundary): \(run.withoutLand.map(\.rawValue).joined(separator: ", "))") }
            print(run.written.map { "fed protected_area_share: \($0.inserted) new, \($0.updated) updated, \($0.kept) kept" } ?? "nothing written")
        }
    }
}

/// `ecoprov demo accounts --out DIR`.
struct DemoAccounts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "accounts", abstract:
        "Write synthetic energy, electricity, GDP, GEP and protected-area inputs for the 11 cities and the province, 2020–2025 (marked synthetic).")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The folder to write into.") var out: String
    @Option(help: "Seed of the deterministic generator.") var seed: UInt64 = 2021

    func run() async throws {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let texts = AccountingDemo.texts(seed: seed)
        for name in AccountingDemo.files {
            let path = (out as NSString).appendingPathComponent(name)
            do { try Data((texts[name] ?? "").utf8).write(to: URL(fileURLWithPath: path)) } catch { throw UserError("\(path): cannot write the file") }
            print("wrote \(path)")
        }
        print("import with: ecoprov carbon import \(out)/energy.csv --kind energy (then electricity, gdp); ecoprov gep import \(out)/gep.csv; ecoprov protected import \(out)/protected.csv; ecoprov protected outlines \(out)/protected.geojson")
    }
}

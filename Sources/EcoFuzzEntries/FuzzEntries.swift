import EcoAccounting
import EcoDelivery
import EcoEnterprise
import EcoAir
import EcoCore
import EcoIngest
import EcoKit
import EcoPresent
import EcoSheet
import EcoSources
import EcoStandards
import EcoWater
public import Foundation

/// The entry points of the fuzz targets (`Fuzz/`, run by `scripts/fuzz`): each feeds arbitrary bytes to one parser
/// the way a user's file or request reaches it. The same functions run every kept corpus input and every crash
/// found as regression tests in the normal suite (`Tests/EcoFuzzTests`). A crash is a bug; a refusal is fine.
public enum FuzzEntries {
    /// The targets by name, as `scripts/fuzz` and the corpus folders name them.
    public static let targets: [String: @Sendable (Data) -> Void] = [
        "yearly": yearlyCSV, "air": airCSV, "water": waterCSV, "framework": framework, "query": query, "form": form,
        "hj212": hj212, "registry": registry, "accounting": accounting, "delivery": delivery, "enterprise": enterprise,
        "xlsx": xlsx,
    ]

    static let shanxi: Framework? = try? BuiltinData.frameworks().first { $0.id == BuiltinData.shanxi }
    static let tree = RegionTree((try? BuiltinData.regions()) ?? [])

    /// The yearly-figures CSV reader with the built-in framework and regions (decoding, CSV, every row rule).
    public static func yearlyCSV(_ data: Data) {
        guard let fw = shanxi else { return }
        let plan = ObservationCSV.read(data, file: "fuzz.csv", framework: fw, regions: tree)
        for p in plan.problems.prefix(5) { _ = p.formatted(.zh); _ = p.formatted(.en) }
        for w in plan.writes.prefix(5) { _ = w.value.description }
    }

    /// One year matrix reused by every input (libFuzzer runs inputs one at a time; allocating 0.4 MB per input made
    /// the target 500 times slower).
    nonisolated(unsafe) static let year = AirYearData(year: 2024, stations: 2)

    /// The air files: the stations reader and the hourly parser over the same bytes.
    public static func airCSV(_ data: Data) {
        _ = AirCSV.readStations(data, file: "fuzz.csv", regions: tree)
        let y = year
        _ = AirCSV.parseHours(data, file: "fuzz.csv", stations: ["1001A": 0, "A1": 1], keepProblems: 20) { s, hour in
            y.add(hour, station: s)
        }
    }

    /// The water files: the sections reader and the samples reader over the same bytes, then the year of the samples
    /// it accepted through the pipeline (period means, classes, main items).
    public static func waterCSV(_ data: Data) {
        _ = WaterCSV.readSections(data, file: "fuzz.csv", regions: tree)
        let (samples, _, _) = WaterCSV.readSamples(data, file: "fuzz.csv", sections: ["FH01", "A1"], keepProblems: 20)
        guard let city = RegionCode("140100"), !samples.isEmpty else { return }
        let section = WaterSection(code: "FH01", name: "fuzz", river: "汾河", basin: "黄河", city: city, control: .national, target: .III,
                                   body: .river, lon: 112.5, lat: 37.8)
        for year in Set(samples.map(\.date.components.year)).prefix(3) {
            _ = WaterAnalysis.sectionYear(section, year: year, samples: samples.filter { $0.section == "FH01" })
        }
    }

    /// Framework JSON: decoding, validation and encoding back.
    public static func framework(_ data: Data) {
        guard let fw = try? FrameworkCoding.decode(data) else { return }
        _ = FrameworkValidator.problems(in: fw, feeds: [AirFeed.name: Set(AirFeed.Figure.allCases.map(\.rawValue))])
        _ = try? FrameworkCoding.encode(fw)
    }

    /// Query strings: every typed parameter of the pages and the API.
    public static func query(_ data: Data) {
        let q = QueryParameters(queryString: String(decoding: data, as: UTF8.self))
        _ = try? q.year(default: 2025)
        _ = try? q.yearRange()
        _ = try? q.level(default: .city)
        _ = try? q.flag("real")
        _ = try? q.integer("limit", in: 1...10_000, default: 1000)
        _ = try? q.regionCode("region")
        _ = try? q.cursor(framework: "shanxi-2021")
    }

    /// Form bodies and the workflow's inputs: the form parser; every field as a value of each kind of indicator
    /// (`ValueRules.parse`); the same bytes as a workflow action's JSON body; and a framework's validation rules
    /// run over values taken from the input.
    public static func form(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        let fields = FormBody.parse(text)
        let indicators = [fuzzIndicator(unit: "%"), fuzzIndicator(unit: "μg/m³"), fuzzIndicator(unit: "元/人")]
        for (name, value) in fields.prefix(50) {
            for ind in indicators { _ = ValueRules.parse(value, for: ind) }
            _ = Int(fields["ver." + name] ?? "")
        }
        struct ActionBody: Decodable { let reason: String?; let comments: [String: String]? }
        _ = try? JSONDecoder().decode(ActionBody.self, from: data)
        if let fw = try? FrameworkCoding.decode(data) {
            _ = FrameworkValidator.problems(in: fw)
            let tree = RegionTree(fuzzRegions)
            var values: [String: Double] = [:]
            for (i, byte) in data.prefix(64).enumerated() { values["\(i % 7)"] = Double(Int8(bitPattern: byte)) * 1.5 }
            for r in fuzzRegions {
                _ = ValidationRun.violations(framework: fw, tree: tree, region: r.code, year: 2024) { ind, region, year in
                    values["\((ind.count + Int(region.rawValue.suffix(1))! + year) % 7)"]
                }
            }
        }
    }

    /// The registry of the HJ 212 target: one device of each CRC variant.
    static let sourceIndex = SourceIndex(SourceRegistry(
        enterprises: [SourceEnterprise(creditCode: "914403001922038216", name: "f", region: RegionCode("140105")!, industry: "f")],
        outlets: [SourceOutlet(id: "O", enterprise: "914403001922038216", kind: .gas, lon: 112, lat: 37)],
        devices: [SourceDevice(mn: "010000A8900016F000169DC0", password: "123456", outlet: "O", enterprise: "914403001922038216", version: .v2017),
                  SourceDevice(mn: "M", password: "123456", outlet: "O", enterprise: "914403001922038216", version: .v2005, crc: .modbus)],
        limits: [PermitLimit(outlet: "O", pollutant: "a21026", limit: 35, unit: "mg/m3", period: .hour),
                 PermitLimit(outlet: "O", pollutant: "a34013", limit: 2, unit: "kg/h", period: .day)]))

    /// A device's TCP stream: the bytes cut into reads at lengths taken from the input itself, through the stream
    /// decoder (with a small buffer cap, so the overflow path runs), every frame through the packet parser, the
    /// intake, the alarm evaluation and the reply encoder.
    public static func hj212(_ data: Data) {
        let bytes = [UInt8](data)
        var d = HJ212StreamDecoder(maxSegment: 2048, capacity: 4096)
        var i = 0
        var readings: [SourceReading] = []
        while i < bytes.count {
            let n = 1 + Int(bytes[i] % 97)
            d.append(bytes[i..<min(bytes.count, i + n)])
            i += n
            while let e = d.next(check: { seg, crc in
                let mn = SourceIntake.mn(in: seg)
                return (sourceIndex.devices[mn ?? ""]?.crc ?? .standard).accepts(seg, value: crc) || crc == 0x1234
            }) {
                guard case .frame(let f) = e else { continue }
                let intake = SourceIntake.accept(f.segment, index: sourceIndex)
                readings += intake.readings.prefix(50)
                if let r = intake.reply { _ = HJ212Frame.encode(r) }
                _ = try? HJ212Packet.parse(f.segment)
            }
        }
        _ = AlarmEvaluation.evaluate(readings, index: sourceIndex, policy: SourcesPolicy(), active: [])
        if let first = readings.first {
            _ = TransmissionRates.compute(date: first.time.civilDay, readings: readings, index: sourceIndex, policy: SourcesPolicy(), level: .region) { _ in nil }
        }
    }

    /// The registry files: the same bytes as each of the five kinds.
    public static func registry(_ data: Data) {
        for kind in RegistryKind.allCases {
            _ = SourcesCSV.read(data, file: "fuzz.csv", kind: kind, existing: sourceIndex.registry, regions: tree)
        }
    }

    static func fuzzIndicator(unit: String) -> Indicator {
        Indicator(id: "x", number: 1, name: LocalizedText(zh: "x", en: "x"), category: "c", unit: unit, direction: .higher, comparator: .atLeast,
                  attribute: .binding, levels: [.province, .city, .county], targets: [], provenance: Provenance(basis: "f", source: "f", certainty: .documented))
    }

    static let fuzzRegions: [Region] = [
        Region(code: RegionCode("140000")!, name: LocalizedText(zh: "省", en: "P"), level: .province, parent: nil, kind: "省"),
        Region(code: RegionCode("140100")!, name: LocalizedText(zh: "市", en: "C"), level: .city, parent: RegionCode("140000"), kind: "地级市"),
    ] + (1...6).map { i in
        Region(code: RegionCode("14010\(i)")!, name: LocalizedText(zh: "县", en: "X"), level: .county, parent: RegionCode("140100"), kind: "县")
    }

    static let factors = try? BuiltinData.factorSet()
    static let catalogue = (try? BuiltinData.gepCatalogue()) ?? []
    static let prices = try? BuiltinData.gepPrices()

    /// The accounting files (issue #15): every reader over the same bytes — factor set, energy, electricity, GDP, GEP,
    /// protected areas, GeoJSON outlines — then the accepted rows through the carbon account, peak tracking, the GEP
    /// chains and the ellipsoid area.
    public static func accounting(_ data: Data) {
        _ = AccountingCSV.readFactors(data, file: "fuzz.csv", id: "fuzz")
        guard let set = factors, let prices else { return }
        let energy = AccountingCSV.readEnergy(data, file: "fuzz.csv", tree: tree) { set.fuel($0) != nil }.value
        let electricity = AccountingCSV.readElectricity(data, file: "fuzz.csv", tree: tree).value
        let gdp = AccountingCSV.readGDP(data, file: "fuzz.csv", tree: tree).value
        for region in Set(energy.map(\.region)).prefix(3) {
            let accounts = CarbonAccounting.accounts(region: region, energy: energy, electricity: electricity, gdp: gdp, factors: set, grid: .provincial)
            _ = PeakProjection.of(region: region, totals: Dictionary(accounts.map { ($0.year, $0.totalCO2) }, uniquingKeysWith: { a, _ in a }), growth: 1)
        }
        let gep = AccountingCSV.readGEP(data, file: "fuzz.csv", tree: tree, catalogue: catalogue).value
        for key in Set(gep.map { "\($0.region.rawValue)/\($0.year)" }).prefix(3) {
            guard let r = gep.first(where: { "\($0.region.rawValue)/\($0.year)" == key }) else { continue }
            _ = GEPAccounting.compute(region: r.region, year: r.year, rows: gep, catalogue: catalogue, prices: prices, method: .local)
        }
        let areas = AccountingCSV.readProtected(data, file: "fuzz.csv", tree: tree).value
        if let province = RegionCode("140000"), !areas.isEmpty { _ = ProtectedAreas.share(region: province, year: 2025, areas: areas, tree: tree, landKm2: 156_700, landSource: "fuzz") }
        if case .success(let outlines) = AccountingCSV.readOutlines(data, file: "fuzz.geojson", ids: ["A", "B", "1"]) {
            _ = EllipsoidArea.unionArea(Array(outlines.values.prefix(4)))
        }
    }

    static let deliveryRules = try? BuiltinData.deliveryRules()

    /// The delivery files (issue #16): departments, projects and tasks over the same bytes, then the accepted records
    /// through 序时进度, the task status and ladder, the department table; and the bytes as a rules file.
    public static func delivery(_ data: Data) {
        guard let rules = deliveryRules else { return }
        let deps = DeliveryCSV.readDepartments(data, file: "fuzz.csv", tree: tree).value
        let ids = Set(deps.map(\.id) + ["d1", "eeb-140100"])
        let projects = DeliveryCSV.readProjects(data, file: "fuzz.csv", tree: tree, programmes: ["2.3", "1.1"], departments: ids).value
        let tasks = DeliveryCSV.readTasks(data, file: "fuzz.csv", tree: tree, departments: ids).value
        let day = CivilDay(year: 2026, month: 6, day: 15)
        for p in projects.prefix(5) { _ = p.progress(on: day, rules: rules) }
        for t in tasks.prefix(5) { _ = t.status(on: day, rules: rules); _ = t.rungToIssue(on: day, rules: rules) }
        _ = DepartmentAssessment.table(deps, tasks: tasks, on: day, rules: rules)
        _ = try? BuiltinData.deliveryRules(data, file: "fuzz.json")
    }

    static let creditSchemes = (try? BuiltinData.creditSchemes()) ?? []

    /// The enterprise files (issue #17): the bytes as penalty decisions, the accepted ones rated under every
    /// built-in scheme (with a few compliance rates); as a schemes file; as risk sources (classified), targets and
    /// resources (queried around a point), plans (their expiry) and incidents.
    /// Workbooks, two ways. The bytes as an .xlsx file through `TabularFile` and the yearly-figures reader (the ZIP
    /// layer; the corpus seeds are real workbooks). Then the bytes cut at each 0x00 into a sheet part, a shared-strings
    /// part and a styles part of a package with a fixed workbook (the SpreadsheetML layer, reached without inflating).
    public static func xlsx(_ data: Data) {
        if case .success(let t) = TabularFile.open(data, file: "fuzz.xlsx"), let fw = shanxi {
            let plan = ObservationCSV.read(t.data, file: "fuzz.xlsx", framework: fw, regions: tree)
            for p in plan.problems.prefix(5) { _ = t.locate(p).formatted(.zh) }
        }
        let pieces = data.split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false).map { Data($0) }
        var parts: [String: Data] = [
            "xl/workbook.xml": Data(#"<workbook><sheets><sheet name="s" r:id="rId1"/></sheets></workbook>"#.utf8),
            "xl/_rels/workbook.xml.rels": Data(#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#.utf8),
            "xl/worksheets/sheet1.xml": pieces[0],
        ]
        if pieces.count > 1 { parts["xl/sharedStrings.xml"] = pieces[1] }
        if pieces.count > 2 { parts["xl/styles.xml"] = pieces[2] }
        if let sheet = try? XLSXReader.sheet(parts: parts) {
            for (_, cells) in sheet.rows.prefix(50) { for c in cells { _ = c?.csvText } }
        }
    }

    public static func enterprise(_ data: Data) {
        let read = EnterpriseCSV.readPenalties(data, file: "fuzz.csv") { _ in true }
        for scheme in creditSchemes {
            for code in Set(read.value.map(\.enterprise)).prefix(3) {
                for rate in [nil, 0, 49.9, 75, 90, 100.0] as [Double?] {
                    _ = CreditRater.rate(enterprise: code, name: "x", year: read.value.first?.day.year ?? 2025, records: read.value, complianceRate: rate, hasValidPlan: true, scheme: scheme)
                }
            }
        }
        _ = try? BuiltinData.creditSchemes(data, file: "fuzz.json")
        if let rules = riskRules {
            let sources = EnterpriseCSV.readRiskSources(data, file: "fuzz.csv", tree: tree) { _ in true }.value
            for s in sources.prefix(5) { _ = RiskClassifier.classify(s, rules: rules) }
            let targets = EnterpriseCSV.readTargets(data, file: "fuzz.csv", tree: tree).value
            let resources = EnterpriseCSV.readResources(data, file: "fuzz.csv", tree: tree).value
            let plans = EnterpriseCSV.readPlans(data, file: "fuzz.csv") { _ in true }.value
            _ = PlanWatch.expiries(Array(plans.prefix(20)), on: CivilDay(year: 2026, month: 12, day: 2), warningDays: 90)
            _ = EnterpriseCSV.readIncidents(data, file: "fuzz.csv", tree: tree) { _ in true }
            _ = RiskQuery.near(GeoPoint(lon: 112.5, lat: 37.8), radiusKm: 50, sources: Array(sources.prefix(20)), levels: [:], targets: Array(targets.prefix(20)), resources: Array(resources.prefix(20)))
        }
    }

    static let riskRules = try? BuiltinData.riskRules()
}

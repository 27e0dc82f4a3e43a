public import EcoCore
import EcoKit
public import EcoStandards
public import EcoWater
public import Foundation

/// The surface-water files. Columns are found by their header names (any order; more columns are an error, so a
/// misspelt item is not dropped silently); any problem refuses the whole file (all-or-nothing, like the yearly
/// figures), each as `FILE:LINE:COLUMN: reason`.
///
/// Sections: `code,name,river,basin,city,control,target,water_body,lon,lat` and optionally
/// `sub_basin,county,upstream,downstream,synthetic` — city and county as division codes; control
/// `national`/`provincial`/`city` (国考/省考/市考); target `I`…`V` (Ⅰ…Ⅴ, or empty for none); water_body
/// `river`/`lake`/`reservoir`; upstream/downstream the division codes of a boundary section's two sides.
///
/// Samples: `section,date` and one column per GB 3838 item by its key or Chinese name (`pH,DO,CODMn,COD,BOD5,NH3-N,TP,…`)
/// — date `YYYY-MM-DD`; a value in mg/L (fecal coliform 个/L, pH none) as a plain decimal with at most 6 decimals; empty
/// = not measured; `0.01L` or `<0.01` = below the detection limit 0.01. A (section, date) appears once per file.
public enum WaterCSV {
    /// Upper bounds a value may have (above is a typing error, not a measurement): pH 14, fecal coliform 10⁹ 个/L,
    /// any concentration 100,000 mg/L.
    public static func bound(_ item: WaterItem) -> Int64 {
        switch item {
        case .pH: return 14 * WaterValue.scale
        case .FC: return 1_000_000_000 * WaterValue.scale
        default: return 100_000 * WaterValue.scale
        }
    }

    /// Reads a table, or the one problem that stops it (undecodable text, a broken quote, a NUL byte).
    static func table(_ data: Data, file: String) -> Result<CSVTable, FileProblem> {
        let text: String
        do { text = try TextDecoding.decode(data).text } catch {
            return .failure(FileProblem(file: file, line: 1, column: 1, message: "\(error)"))
        }
        do { return .success(try CSVTable(text: text)) } catch let f as CSVTable.Failure {
            return .failure(FileProblem(file: file, line: f.line, column: f.column, message: f.reason))
        } catch { return .failure(FileProblem(file: file, line: 1, column: 1, message: "\(error)")) }
    }

    /// Why a cell was refused, as one sentence.
    public struct Refusal: Error, Sendable { public let message: String }

    /// A sample cell: measured, below the detection limit (`0.01L`, `<0.01`), or nil with the reason.
    public static func sampleValue(_ text: String, item: WaterItem) -> Result<SampleValue, Refusal> {
        let max = bound(item)
        switch SampleValue(text: text) {
        case .measured(let v)? where v <= max: return .success(.measured(v))
        case .belowDetection(let v)? where v <= max: return .success(.belowDetection(v))
        default:
            return .failure(Refusal(message: "\(item.rawValue) '\(text.prefix(40))' is not a plain decimal from 0 to \(WaterValue.text(max)) with at most \(WaterValue.places) decimals (or a detection limit above 0 written 0.01L)"))
        }
    }

    // MARK: Sections

    static let sectionColumns = ["code", "name", "river", "basin", "city", "control", "target", "water_body", "lon", "lat"]
    static let sectionOptional = ["sub_basin", "county", "upstream", "downstream", "synthetic"]

    /// Reads a sections file; any problem yields no section.
    public static func readSections(_ data: Data, file: String, regions: RegionTree) -> (sections: [WaterSection], problems: [FileProblem]) {
        let t: CSVTable
        switch table(data, file: file) { case .success(let x): t = x; case .failure(let p): return ([], [p]) }
        guard let header = t.records.first?.fields.map({ $0.trimmedSpaces.lowercased() }) else {
            return ([], [FileProblem(file: file, line: 1, column: 1, message: "the file is empty: expected the header " + sectionColumns.joined(separator: ","))])
        }
        var problems: [FileProblem] = []
        var col: [String: Int] = [:]
        for (i, h) in header.enumerated() {
            guard sectionColumns.contains(h) || sectionOptional.contains(h) else {
                problems.append(FileProblem(file: file, line: 1, column: i + 1, message: "unknown column '\(h.prefix(40))' (expected " + (sectionColumns + sectionOptional).joined(separator: ",") + ")"))
                continue
            }
            if col[h] != nil { problems.append(FileProblem(file: file, line: 1, column: i + 1, message: "column '\(h)' appears twice")) }
            col[h] = i
        }
        for c in sectionColumns where col[c] == nil {
            problems.append(FileProblem(file: file, line: 1, column: 1, message: "the header lacks the column '\(c)'"))
        }
        guard problems.isEmpty else { return ([], problems) }
        var out: [WaterSection] = []
        var seen: [String: Int] = [:]
        for rec in t.records.dropFirst() {
            let f = rec.fields.map(\.trimmedSpaces)
            func bad(_ name: String, _ m: String) { problems.append(FileProblem(file: file, line: rec.line, column: (col[name] ?? 0) + 1, message: m)) }
            guard f.count == header.count else {
                problems.append(FileProblem(file: file, line: rec.line, column: min(f.count, header.count) + 1, message: "expected \(header.count) fields as in the header, found \(f.count)"))
                continue
            }
            func get(_ name: String) -> String { col[name].map { f[$0] } ?? "" }
            func region(_ name: String, level: RegionLevel?, required: Bool) -> RegionCode? {
                let text = get(name)
                if text.isEmpty { if required { bad(name, "\(name) is empty: expected a division code") }; return nil }
                guard let code = RegionCode(text), let r = regions[code], r.validTo == nil, level == nil || r.level == level else {
                    bad(name, "'\(text.prefix(40))' is not a current \(level?.rawValue ?? "division") code"); return nil
                }
                return code
            }
            let before = problems.count
            let code = get("code")
            if code.isEmpty || code.count > 40 { bad("code", "the section code must be 1 to 40 characters") }
            if let first = seen[code] { bad("code", "section \(code) is listed twice (first on line \(first))") }
            if get("name").isEmpty { bad("name", "the section name is empty") }
            if get("river").isEmpty { bad("river", "the river (or lake, reservoir) is empty") }
            if get("basin").isEmpty { bad("basin", "the basin is empty (e.g. 黄河, 海河)") }
            let city = region("city", level: .city, required: true)
            let county = region("county", level: .county, required: false)
            if let city, let county, regions.city(of: county) != city { bad("county", "county \(county.rawValue) does not belong to city \(city.rawValue)") }
            let upstream = region("upstream", level: nil, required: false), downstream = region("downstream", level: nil, required: false)
            let control = ControlLevel(text: get("control"))
            if control == nil { bad("control", "control '\(get("control").prefix(40))' is not national, provincial or city (国考/省考/市考)") }
            let targetText = get("target")
            let target = WaterClass(text: targetText)
            if !targetText.isEmpty && (target == nil || target == .worseThanV) { bad("target", "target '\(targetText.prefix(40))' is not a class I–V (Ⅰ–Ⅴ)") }
            let body = WaterBody(rawValue: get("water_body").lowercased()) ?? ["河流": .river, "湖泊": .lake, "水库": .reservoir][get("water_body")]
            if body == nil { bad("water_body", "water_body '\(get("water_body").prefix(40))' is not river, lake or reservoir") }
            let lon = StrictDecimal.parse(get("lon")).successValue, lat = StrictDecimal.parse(get("lat")).successValue
            if lon.map({ !(-180...180).contains($0) }) ?? true { bad("lon", "longitude '\(get("lon").prefix(40))' is not a plain decimal from −180 to 180") }
            if lat.map({ !(-90...90).contains($0) }) ?? true { bad("lat", "latitude '\(get("lat").prefix(40))' is not a plain decimal from −90 to 90") }
            let syntheticText = get("synthetic").lowercased()
            if !["", "true", "false", "1", "0"].contains(syntheticText) { bad("synthetic", "synthetic must be true or false") }
            guard problems.count == before, let city, let control, let body, let lon, let lat else { continue }
            seen[code] = rec.line
            out.append(WaterSection(code: code, name: get("name"), river: get("river"), basin: get("basin"), subBasin: get("sub_basin"), city: city,
                                    county: county, control: control, target: target, body: body, lon: lon, lat: lat, upstream: upstream,
                                    downstream: downstream, synthetic: ["true", "1"].contains(syntheticText)))
        }
        return (problems.isEmpty ? out : [], problems)
    }

    // MARK: Samples

    /// Reads a samples file against the known sections; any problem yields no sample. `keepProblems` bounds the list
    /// (the count of all is `problemCount`).
    public static func readSamples(_ data: Data, file: String, sections: Set<String>, keepProblems: Int = 1000)
        -> (samples: [WaterSample], problems: [FileProblem], problemCount: Int) {
        let t: CSVTable
        switch table(data, file: file) { case .success(let x): t = x; case .failure(let p): return ([], [p], 1) }
        guard let header = t.records.first?.fields.map(\.trimmedSpaces) else {
            return ([], [FileProblem(file: file, line: 1, column: 1, message: "the file is empty: expected the header section,date,<items>")], 1)
        }
        var problems: [FileProblem] = []
        var count = 0
        func add(_ p: FileProblem) { count += 1; if problems.count < keepProblems { problems.append(p) } }
        var sectionCol: Int?, dateCol: Int?
        var items: [(Int, WaterItem)] = []
        for (i, h) in header.enumerated() {
            switch h.lowercased() {
            case "section", "断面", "断面编码": sectionCol = i
            case "date", "日期", "采样日期": dateCol = i
            default:
                guard let item = WaterItem(key: h) else {
                    add(FileProblem(file: file, line: 1, column: i + 1, message: "column '\(h.prefix(40))' is not section, date or a GB 3838-2002 item (" + WaterItem.allCases.map(\.rawValue).joined(separator: ",") + ")"))
                    continue
                }
                if items.contains(where: { $0.1 == item }) { add(FileProblem(file: file, line: 1, column: i + 1, message: "item \(item.rawValue) appears twice")) }
                items.append((i, item))
            }
        }
        if sectionCol == nil { add(FileProblem(file: file, line: 1, column: 1, message: "the header lacks the column 'section'")) }
        if dateCol == nil { add(FileProblem(file: file, line: 1, column: 1, message: "the header lacks the column 'date'")) }
        if items.isEmpty { add(FileProblem(file: file, line: 1, column: 1, message: "the header names no GB 3838-2002 item")) }
        guard count == 0, let sectionCol, let dateCol else { return ([], problems, count) }
        var out: [WaterSample] = []
        var seen: [String: Int] = [:]
        for rec in t.records.dropFirst() {
            let f = rec.fields.map(\.trimmedSpaces)
            guard f.count == header.count else {
                add(FileProblem(file: file, line: rec.line, column: min(f.count, header.count) + 1, message: "expected \(header.count) fields as in the header, found \(f.count)"))
                continue
            }
            let before = count
            let code = f[sectionCol]
            if !sections.contains(code) { add(FileProblem(file: file, line: rec.line, column: sectionCol + 1, message: "unknown section '\(code.prefix(40))': import it with `ecoprov water sections import FILE`")) }
            let day = CivilDay(f[dateCol])
            if day == nil || !(day.map { ValueRules.years.contains($0.components.year) } ?? false) {
                add(FileProblem(file: file, line: rec.line, column: dateCol + 1, message: "date '\(f[dateCol].prefix(40))' is not YYYY-MM-DD in \(ValueRules.years.lowerBound)–\(ValueRules.years.upperBound)"))
            }
            var values: [WaterItem: SampleValue] = [:]
            for (i, item) in items where !f[i].isEmpty {
                switch sampleValue(f[i], item: item) {
                case .success(let v): values[item] = v
                case .failure(let r): add(FileProblem(file: file, line: rec.line, column: i + 1, message: r.message))
                }
            }
            guard count == before, let day else { continue }
            let key = "\(code)|\(day)"
            if let first = seen[key] {
                add(FileProblem(file: file, line: rec.line, column: dateCol + 1, message: "section \(code) on \(day) appears twice (first on line \(first))"))
                continue
            }
            seen[key] = rec.line
            if !values.isEmpty { out.append(WaterSample(section: code, date: day, values: values)) }
        }
        return (count == 0 ? out : [], problems, count)
    }
}

extension Result where Failure == StrictDecimal.Problem {
    /// The value, nil for a refusal.
    var successValue: Success? { if case .success(let v) = self { return v } else { return nil } }
}

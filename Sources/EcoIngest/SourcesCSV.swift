public import EcoCore
import EcoKit
public import EcoSources
import EcoStandards
public import Foundation

/// The pollution-source registry files. The first columns are fixed, since scripts depend on them (more columns may
/// follow and are ignored); columns are found by header name. Any problem refuses the whole file, each as
/// `FILE:LINE:COLUMN: reason`; references (an outlet's enterprise, a device's outlet) must exist in the registry
/// already stored or earlier in the same file.
///
/// - enterprises `credit_code,name,region,industry` — the GB 32100-2015 check character verified; region a current
///   division code;
/// - outlets `outlet,enterprise,kind,lon,lat` — kind `water`/`gas` (废水/废气);
/// - devices `mn,password,outlet,enterprise,version` and optionally `crc` — version 2005, 2017 or 2025; crc
///   `standard` (default) or `modbus`;
/// - permits `permit,enterprise,valid_from,valid_to` — days `YYYY-MM-DD`;
/// - limits `outlet,pollutant,limit,unit,period` — pollutant a factor code (`w01018`, `a21026`); unit `mg/m3`,
///   `mg/L`, `ug/m3`, `ng/m3`, `pH`, `dimensionless` (concentrations) or `kg/h` (an emission rate, hour or day only);
///   period `rtd`/`minute`/`hour`/`day`.
public enum SourcesCSV {
    /// The fixed columns of each kind.
    public static func columns(_ kind: RegistryKind) -> [String] {
        switch kind {
        case .enterprises: ["credit_code", "name", "region", "industry"]
        case .outlets: ["outlet", "enterprise", "kind", "lon", "lat"]
        case .devices: ["mn", "password", "outlet", "enterprise", "version"]
        case .permits: ["permit", "enterprise", "valid_from", "valid_to"]
        case .limits: ["outlet", "pollutant", "limit", "unit", "period"]
        }
    }

    /// Optional columns of a kind.
    static func optional(_ kind: RegistryKind) -> [String] { kind == .devices ? ["crc"] : [] }

    /// Reads a registry file of a kind; on any problem the registry part is empty.
    public static func read(_ data: Data, file: String, kind: RegistryKind, existing: SourceRegistry, regions: RegionTree)
        -> (registry: SourceRegistry, problems: [FileProblem]) {
        let t: CSVTable
        switch WaterCSV.table(data, file: file) { case .success(let x): t = x; case .failure(let p): return (SourceRegistry(), [p]) }
        let fixed = columns(kind)
        guard let header = t.records.first?.fields.map({ $0.trimmedSpaces.lowercased() }) else {
            return (SourceRegistry(), [FileProblem(file: file, line: 1, column: 1, message: "the file is empty: expected the header " + fixed.joined(separator: ","))])
        }
        var problems: [FileProblem] = []
        var col: [String: Int] = [:]
        for (i, h) in header.enumerated() where fixed.contains(h) || optional(kind).contains(h) {
            if col[h] != nil { problems.append(FileProblem(file: file, line: 1, column: i + 1, message: "column '\(h)' appears twice")) }
            col[h] = i
        }
        for (i, c) in fixed.enumerated() where col[c] == nil {
            problems.append(FileProblem(file: file, line: 1, column: i + 1, message: "the header lacks the column '\(c)' (a \(kind.rawValue) file starts \(fixed.joined(separator: ",")))"))
        }
        guard problems.isEmpty else { return (SourceRegistry(), problems) }
        var out = SourceRegistry()
        var enterprises = Set(existing.enterprises.map(\.creditCode)), outlets = Dictionary(existing.outlets.map { ($0.id, $0.enterprise) }, uniquingKeysWith: { _, b in b })
        var seen: [String: Int] = [:]
        for rec in t.records.dropFirst() {
            let f = rec.fields.map(\.trimmedSpaces)
            if f.allSatisfy(\.isEmpty) { continue }
            guard f.count == header.count else {
                problems.append(FileProblem(file: file, line: rec.line, column: min(f.count, header.count) + 1, message: "expected \(header.count) fields as in the header, found \(f.count)"))
                continue
            }
            let before = problems.count
            func get(_ name: String) -> String { col[name].map { f[$0] } ?? "" }
            func bad(_ name: String, _ m: String) { problems.append(FileProblem(file: file, line: rec.line, column: (col[name] ?? 0) + 1, message: m)) }
            func text(_ name: String, max: Int = 200) -> String {
                let v = get(name)
                if v.isEmpty || v.count > max { bad(name, "\(name) must be 1 to \(max) characters") }
                return v
            }
            func once(_ key: String, _ name: String, _ what: String) {
                if let first = seen[key] { bad(name, "\(what) is listed twice (first on line \(first))") } else { seen[key] = rec.line }
            }
            func enterprise(_ name: String) -> String {
                let code = get(name).uppercased()
                if !enterprises.contains(code) { bad(name, "enterprise '\(code.prefix(40))' is not registered (import the enterprises file first)") }
                return code
            }
            func degrees(_ name: String, _ range: ClosedRange<Double>) -> Double {
                guard let v = StrictDecimal.parse(get(name)).successValue, range.contains(v) else {
                    bad(name, "\(name) '\(get(name).prefix(40))' is not a plain decimal from \(Int(range.lowerBound)) to \(Int(range.upperBound))"); return 0
                }
                return v
            }
            switch kind {
            case .enterprises:
                let code = get("credit_code").uppercased()
                if let p = CreditCode.problem(code) { bad("credit_code", "credit_code '\(code.prefix(40))': \(p)") }
                once(code, "credit_code", "enterprise \(code)")
                let name = text("name"), industry = text("industry", max: 100)
                let rtext = get("region")
                let region = RegionCode(rtext).flatMap { c in regions[c].map { $0.validTo == nil ? c : nil } ?? nil }
                if region == nil { bad("region", "region '\(rtext.prefix(40))' is not a current division code") }
                if problems.count == before, let region {
                    enterprises.insert(code)
                    out.enterprises.append(SourceEnterprise(creditCode: code, name: name, region: region, industry: industry))
                }
            case .outlets:
                let id = text("outlet", max: 64)
                once(id, "outlet", "outlet \(id)")
                let ent = enterprise("enterprise")
                let kindText = get("kind").lowercased()
                let k = OutletKind(rawValue: kindText) ?? ["废水": .water, "废气": .gas][get("kind")]
                if k == nil { bad("kind", "kind '\(kindText.prefix(20))' is not water or gas (废水/废气)") }
                let lon = degrees("lon", -180...180), lat = degrees("lat", -90...90)
                if problems.count == before, let k {
                    outlets[id] = ent
                    out.outlets.append(SourceOutlet(id: id, enterprise: ent, kind: k, lon: lon, lat: lat))
                }
            case .devices:
                let mn = text("mn", max: 64)
                if mn.contains(where: { $0 == ";" || $0 == "=" || $0 == "," || !$0.isASCII || $0.isWhitespace }) { bad("mn", "mn must be printable ASCII without ; = , or spaces") }
                once(mn, "mn", "device \(mn)")
                let pw = text("password", max: 64)
                if pw.contains(where: { $0 == ";" || !$0.isASCII }) { bad("password", "password must be ASCII without ;") }
                let outlet = text("outlet", max: 64)
                let ent = enterprise("enterprise")
                if let owner = outlets[outlet] {
                    if owner != ent { bad("outlet", "outlet \(outlet) belongs to enterprise \(owner), not \(ent)") }
                } else { bad("outlet", "outlet '\(outlet.prefix(40))' is not registered (import the outlets file first)") }
                let version = Int(get("version")).flatMap(HJ212Version.init(year:))
                if version == nil { bad("version", "version '\(get("version").prefix(20))' is not 2005, 2017 or 2025") }
                let crcText = get("crc").lowercased()
                let crc = crcText.isEmpty ? HJ212CRCVariant.standard : HJ212CRCVariant(rawValue: crcText)
                if crc == nil { bad("crc", "crc '\(crcText.prefix(20))' is not standard or modbus") }
                if problems.count == before, let version, let crc {
                    out.devices.append(SourceDevice(mn: mn, password: pw, outlet: outlet, enterprise: ent, version: version, crc: crc))
                }
            case .permits:
                let number = text("permit", max: 64)
                once(number, "permit", "permit \(number)")
                let ent = enterprise("enterprise")
                let from = CivilDay(get("valid_from")), to = CivilDay(get("valid_to"))
                if from == nil { bad("valid_from", "valid_from '\(get("valid_from").prefix(20))' is not a day YYYY-MM-DD") }
                if to == nil { bad("valid_to", "valid_to '\(get("valid_to").prefix(20))' is not a day YYYY-MM-DD") }
                if let from, let to, to < from { bad("valid_to", "valid_to \(to) is before valid_from \(from)") }
                if problems.count == before, let from, let to {
                    out.permits.append(SourcePermit(number: number, enterprise: ent, validFrom: from, validTo: to))
                }
            case .limits:
                let outlet = text("outlet", max: 64)
                if outlets[outlet] == nil { bad("outlet", "outlet '\(outlet.prefix(40))' is not registered (import the outlets file first)") }
                let code = get("pollutant")
                if !isFactorCode(code) { bad("pollutant", "pollutant '\(code.prefix(20))' is not a factor code such as w01018 or a21026 (HJ 212-2017 Appendix B)") }
                let unit = get("unit")
                let basis = PermitLimit.units[unit]
                if basis == nil { bad("unit", "unit '\(unit.prefix(20))' is not one of " + PermitLimit.units.keys.sorted().joined(separator: ", ")) }
                let period = HJ212DataKind(rawValue: get("period").lowercased())
                if period == nil { bad("period", "period '\(get("period").prefix(20))' is not rtd, minute, hour or day") }
                if basis == .rate, let period, period == .rtd || period == .minute { bad("period", "an emission-rate limit (kg/h) applies to hour or day values") }
                let limit = StrictDecimal.parse(get("limit")).successValue
                if limit.map({ !($0 > 0 && $0 <= 1_000_000) }) ?? true { bad("limit", "limit '\(get("limit").prefix(20))' is not a plain decimal above 0 and at most 1000000") }
                if let period { once("\(outlet)|\(code)|\(period.rawValue)", "pollutant", "the limit of \(outlet) \(code) \(period.rawValue)") }
                if problems.count == before, let limit, let period {
                    out.limits.append(PermitLimit(outlet: outlet, pollutant: code, limit: limit, unit: unit, period: period))
                }
            }
        }
        if t.records.count <= 1 { problems.append(FileProblem(file: file, line: 1, column: 1, message: "the file has a header and no rows")) }
        return (problems.isEmpty ? out : SourceRegistry(), problems)
    }

    /// A factor code: a letter and five digits or letters (w01018, a21026, g10101, i12001), as HJ 212-2017 §6.4.1
    /// shapes them.
    public static func isFactorCode(_ s: String) -> Bool {
        let u = Array(s.utf8)
        return u.count == 6 && (0x61...0x7A).contains(u[0]) && u.dropFirst().allSatisfy { (0x30...0x39).contains($0) || (0x61...0x7A).contains($0) }
    }
}

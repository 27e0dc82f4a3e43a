public import EcoCore
import EcoKit
public import EcoSources
public import EcoStandards
public import Foundation

/// The synthetic pollution-source set (示例数据): enterprises of Shanxi's typical industries (coal power, coking,
/// steel, cement, chemicals, municipal wastewater) spread over the counties, with valid unified social credit codes,
/// a flue-gas or wastewater outlet each (two for the larger ones), one HJ 212 data logger per outlet (mostly 2017,
/// some 2005 and 2025, a few with the Modbus CRC), permits (a few expired) and permit limits at the ultra-low
/// emission levels (SO2 35, NOx 50, particulates 10 mg/m³) and GB 18918 class 1A (COD 50, NH3-N 5 mg/L). The packets
/// carry realistic values with a few exceedances. Deterministic for a seed; every name says 示例.
public enum SourcesDemo {
    static let industries: [(name: String, kind: OutletKind, outlets: Int)] = [
        ("火力发电", .gas, 2), ("焦化", .gas, 2), ("钢铁", .gas, 2), ("水泥", .gas, 1), ("化工", .water, 1), ("城镇污水处理", .water, 1),
    ]

    /// The gas and water pollutants of the demo: code, typical hourly mean, spread, limit (mg/m³ or mg/L).
    public static let pollutants: [OutletKind: [(code: String, mean: Double, sd: Double, limit: Double)]] = [
        .gas: [("a21026", 16, 6, 35), ("a21002", 30, 8, 50), ("a34013", 4, 1.5, 10)],
        .water: [("w01018", 24, 7, 50), ("w21003", 1.6, 0.7, 5)],
    ]

    /// Approximate coordinates of the 11 city seats (degrees), around which the demo outlets are placed.
    static let citySeats: [String: (Double, Double)] = [
        "140100": (112.55, 37.87), "140200": (113.30, 40.08), "140300": (113.58, 37.86), "140400": (113.12, 36.20),
        "140500": (112.85, 35.49), "140600": (112.43, 39.33), "140700": (112.75, 37.69), "140800": (111.00, 35.03),
        "140900": (112.73, 38.42), "141000": (111.52, 36.09), "141100": (111.14, 37.52),
    ]

    /// A registry of `n` enterprises over the current counties.
    public static func registry(enterprises n: Int, seed: UInt64 = 212, tree: RegionTree) -> SourceRegistry {
        let counties = tree.current(level: .county)
        guard !counties.isEmpty, n > 0 else { return SourceRegistry() }
        var rng = SplitMix64(seed: seed)
        var r = SourceRegistry()
        let orgChars = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        for i in 0..<n {
            let county = counties[(i * 7) % counties.count]
            let industry = industries[i % industries.count]
            var org = ""
            for _ in 0..<9 { org.append(orgChars[Int(rng.next() % 31)]) }
            let first17 = "91" + county.code.rawValue + org
            let code = first17 + String(CreditCode.checkCharacter(Array(first17))!)
            r.enterprises.append(SourceEnterprise(creditCode: code, name: "示例" + county.name.zh + industry.name + "\(i + 1)号企业",
                                                  region: county.code, industry: industry.name))
            let seat = citySeats[county.parent?.rawValue ?? ""] ?? (112.55, 37.87)
            let lon = seat.0 + (rng.unit() - 0.5) * 0.6, lat = seat.1 + (rng.unit() - 0.5) * 0.6
            for o in 0..<industry.outlets {
                let kind: OutletKind = o == 1 && industry.kind == .gas && i % 3 == 0 ? .water : industry.kind
                let id = "\(code)-\(kind == .gas ? "DA" : "DW")\(String(format: "%03d", o + 1))"
                r.outlets.append(SourceOutlet(id: id, enterprise: code, kind: kind, lon: micro(lon + (rng.unit() - 0.5) * 0.2), lat: micro(lat + (rng.unit() - 0.5) * 0.2)))
                let mn = String(format: "0100%08X%012llX", UInt32(truncatingIfNeeded: stableHash(id)), rng.next() & 0xFFFF_FFFF_FFFF)
                let version: HJ212Version = i % 17 == 5 ? .v2005 : i % 13 == 7 ? .v2025 : .v2017
                r.devices.append(SourceDevice(mn: mn, password: String(format: "%06d", rng.next() % 1_000_000), outlet: id, enterprise: code,
                                              version: version, crc: i % 19 == 3 ? .modbus : .standard))
                for p in pollutants[kind] ?? [] {
                    r.limits.append(PermitLimit(outlet: id, pollutant: p.code, limit: p.limit, unit: kind == .gas ? "mg/m3" : "mg/L", period: .hour))
                }
            }
            let expired = i % 23 == 11
            r.permits.append(SourcePermit(number: "\(code.suffix(9))\(String(format: "%03d", i % 1000))P", enterprise: code,
                                          validFrom: CivilDay(year: expired ? 2019 : 2023, month: 1, day: 1),
                                          validTo: CivilDay(year: expired ? 2023 : 2028, month: 12, day: 31)))
        }
        return r
    }

    /// The data segment of one upload of a device: minute or hour values of its outlet's pollutants at `time`, with
    /// the flow's cumulative amount; `exceed` puts the first pollutant 20–60 % above its limit; about 1 value in 100
    /// is flagged M (maintenance) or D (fault).
    public static func segment(device: SourceDevice, outlet: OutletKind, kind: HJ212DataKind, time: HJ212Time, qn: String,
                               exceed: Bool, split: (number: Int, count: Int)? = nil, password: String? = nil,
                               rng: inout some RandomNumberGenerator) -> String {
        let flag = (device.version.rawValue << 2) | (split == nil ? 0 : 2) | (device.version == .v2005 ? 0 : 1)
        var s = (device.version == .v2005 ? "" : "QN=\(qn);") + "ST=\(outlet == .gas ? 31 : 32);CN=\(kind.cn);PW=\(password ?? device.password);MN=\(device.mn);"
        s += device.version == .v2005 ? "" : "Flag=\(flag);"
        if let split { s += "PNUM=\(split.count);PNO=\(split.number);" }
        s += "CP=&&DataTime=\(time.compact)"
        let list = pollutants[outlet] ?? []
        let chosen = split.map { sp in list.enumerated().filter { $0.offset % sp.count == sp.number - 1 }.map(\.element) } ?? list
        if split == nil || split?.number == 1 {
            let flow = outlet == .gas ? 80 + Double.random(in: 0...40, using: &rng) : 20 + Double.random(in: 0...10, using: &rng)
            let seconds = kind == .hour ? 3600.0 : 60.0
            let code = outlet == .gas ? "a00000" : "w00000"
            s += ";\(code)-Avg=\(fmt(flow, 1)),\(code)-Cou=\(fmt(flow * seconds / (outlet == .gas ? 1 : 1000), 1)),\(code)-Flag=N"
        }
        for (i, p) in chosen.enumerated() {
            let v = exceed && i == 0 && (split == nil || split?.number == 1) ? p.limit * Double.random(in: 1.2...1.6, using: &rng)
                : max(0.01, p.mean + p.sd * gaussian(&rng))
            let roll = Double.random(in: 0..<1, using: &rng)
            let f = roll < 0.005 ? "M" : roll < 0.01 ? "D" : "N"
            s += ";\(p.code)-Min=\(fmt(v * 0.8, 2)),\(p.code)-Avg=\(fmt(v, 2)),\(p.code)-Max=\(fmt(v * 1.2, 2)),\(p.code)-Flag=\(f)"
        }
        return s + "&&"
    }

    /// A coordinate to the micro-degree the registry file writes.
    static func micro(_ v: Double) -> Double { (v * 1_000_000).rounded() / 1_000_000 }

    static func fmt(_ v: Double, _ places: Int) -> String { String(format: "%.\(places)f", v) }

    static func gaussian(_ rng: inout some RandomNumberGenerator) -> Double {
        let u = max(Double.random(in: 0..<1, using: &rng), 1e-12), w = Double.random(in: 0..<1, using: &rng)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * w)
    }

    /// The five registry files as CSV texts, by kind, with their fixed headers.
    public static func files(_ r: SourceRegistry) -> [(RegistryKind, String)] {
        func csv(_ header: String, _ rows: [[String]]) -> String {
            ([header] + rows.map { $0.map { f in f.contains(",") || f.contains("\"") ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f }.joined(separator: ",") })
                .joined(separator: "\n") + "\n"
        }
        return [
            (.enterprises, csv("credit_code,name,region,industry", r.enterprises.map { [$0.creditCode, $0.name, $0.region.rawValue, $0.industry] })),
            (.outlets, csv("outlet,enterprise,kind,lon,lat", r.outlets.map { [$0.id, $0.enterprise, $0.kind.rawValue, fmt($0.lon, 6), fmt($0.lat, 6)] })),
            (.devices, csv("mn,password,outlet,enterprise,version,crc", r.devices.map { [$0.mn, $0.password, $0.outlet, $0.enterprise, String($0.version.year), $0.crc.rawValue] })),
            (.permits, csv("permit,enterprise,valid_from,valid_to", r.permits.map { [$0.number, $0.enterprise, $0.validFrom.description, $0.validTo.description] })),
            (.limits, csv("outlet,pollutant,limit,unit,period", r.limits.map { [$0.outlet, $0.pollutant, fmt($0.limit, 2), $0.unit, $0.period.rawValue] })),
        ]
    }
}

/// `SplitMix64` as a standard generator, for `Double.random(in:using:)`.
public struct DemoRandom: RandomNumberGenerator, Sendable {
    var base: SplitMix64
    /// A generator for a seed.
    public init(seed: UInt64) { base = SplitMix64(seed: seed) }
    /// The next 64 bits.
    public mutating func next() -> UInt64 { base.next() }
}

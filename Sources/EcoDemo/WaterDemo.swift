public import EcoCore
import EcoKit
public import EcoStandards
public import EcoWater
public import Foundation

/// The synthetic surface-water generator (示例数据): sections over the 11 cities on their real rivers and basins
/// (the Yellow River with the 汾河 sub-basin, the Hai), one sampling a month with a seasonal pattern (dry-season
/// highs), a steady improvement from 2020, a few heavily polluted sections (劣Ⅴ), winter months missing where rivers
/// freeze and a few sections sampled too rarely for a complete year. Deterministic for a seed; marked synthetic.
public enum WaterDemo {
    /// Each city's demo river and basin (the rivers that really cross it).
    static let rivers: [String: (river: String, basin: String, subBasin: String)] = [
        "140100": ("汾河", "黄河", "汾河"), "140200": ("桑干河", "海河", ""), "140300": ("桃河", "海河", ""),
        "140400": ("浊漳河", "海河", ""), "140500": ("沁河", "黄河", ""), "140600": ("桑干河", "海河", ""),
        "140700": ("汾河", "黄河", "汾河"), "140800": ("涑水河", "黄河", ""), "140900": ("滹沱河", "海河", ""),
        "141000": ("汾河", "黄河", "汾河"), "141100": ("三川河", "黄河", ""),
    ]

    /// What `write` wrote.
    public struct Output: Sendable {
        /// The sections file.
        public var sectionsPath: String
        /// The samples file.
        public var samplesPath: String
        /// Sections written.
        public var sections: Int
        /// Samples written.
        public var samples: Int
    }

    /// The demo sections: `n` round-robin over the cities; the first two of each city and every other one national
    /// (国考), the rest provincial; targets Ⅱ for a city's first section, Ⅲ otherwise. Marked synthetic.
    public static func sections(_ n: Int, seed: UInt64, tree: RegionTree) -> [WaterSection] {
        let cities = tree.current(level: .city)
        guard !cities.isEmpty, n > 0 else { return [] }
        var rng = SplitMix64(seed: seed)
        var perCity = [Int](repeating: 0, count: cities.count)
        return (0..<n).map { i in
            let c = i % cities.count
            let city = cities[c]
            let k = perCity[c]
            perCity[c] += 1
            let counties = tree.current(level: .county, parent: city.code)
            let county = counties.isEmpty ? nil : counties[k % counties.count].code
            var r = rivers[city.code.rawValue] ?? ("示例河", "黄河", "")
            if city.code.rawValue == "140800" && k == 0 { r = ("黄河", "黄河", "") }
            let centre = AirDemo.centres[city.code.rawValue] ?? (112.5, 37.5)
            let lon = ((centre.0 + (rng.unit() - 0.5) * 0.8) * 10_000).rounded() / 10_000
            let lat = ((centre.1 + (rng.unit() - 0.5) * 0.6) * 10_000).rounded() / 10_000
            let next = c + 1 < cities.count ? cities[c + 1].code : nil
            // 运城's first section stands in for 风陵渡大桥, the section of the Yellow River 豫晋陕 agreement.
            let fenglingdu = city.code.rawValue == "140800" && k == 0
            return WaterSection(code: fenglingdu ? "FLDDQ" : String(format: "W%04d", i + 1),
                                name: fenglingdu ? "黄河风陵渡大桥(示例)" : "\(r.river)\(county.flatMap { tree[$0]?.name.zh } ?? city.name.zh)示例断面\(k + 1)",
                                river: r.river, basin: r.basin, subBasin: r.subBasin, city: city.code, county: county,
                                control: k < 2 || k % 2 == 0 ? .national : .provincial, target: k == 0 ? .II : .III, body: .river,
                                lon: lon, lat: lat, upstream: k == 1 ? city.code : nil, downstream: k == 1 ? next : nil, synthetic: true)
        }
    }

    /// The samples of the sections over the years, one a month on the 10th (see the type's description).
    public static func samples(_ sections: [WaterSection], years: ClosedRange<Int>, seed: UInt64) -> [WaterSample] {
        var rng = SplitMix64(seed: seed ^ 0x5A17)
        var out: [WaterSample] = []
        for (i, s) in sections.enumerated() {
            // Pollution level as a multiple of the class Ⅲ limits: most sections 0.3–1.3, every 9th 2.6–3.4 (劣Ⅴ).
            let level = i % 9 == 4 ? 2.6 + 0.8 * rng.unit() : 0.3 + 1.0 * rng.unit()
            let freezes = i % 6 == 3, sparse = i % 23 == 11
            for year in years {
                let trend = pow(0.96, Double(year - 2020))
                for month in 1...12 {
                    if freezes && (month == 1 || month == 2) { continue }
                    if sparse && month % 2 == 0 { continue }
                    let season = 1 + 0.25 * cos(2 * Double.pi * Double(month - 2) / 12)
                    func x(_ base: Double, _ decimals: Int) -> SampleValue {
                        let v = max(0, base * level * trend * season * (0.85 + 0.3 * rng.unit()))
                        return .measured(FixedDecimal.parse(NumberText.fixed(v, decimals: decimals), places: WaterValue.places) ?? 0)
                    }
                    let values: [WaterItem: SampleValue] = [
                        .pH: .measured(FixedDecimal.parse(NumberText.fixed(7.6 + 0.6 * (rng.unit() - 0.5), decimals: 2), places: WaterValue.places) ?? 7_600_000),
                        .DO: .measured(FixedDecimal.parse(NumberText.fixed(max(1.5, 9.5 - 2.2 * level * season + rng.unit()), decimals: 1), places: WaterValue.places) ?? 0),
                        .CODMn: x(5, 1), .COD: x(18, 1), .BOD5: x(3.5, 1), .nh3n: x(0.95, 3), .TP: x(0.18, 3), .F: x(0.7, 3),
                        .Hg: rng.unit() < 0.9 ? .belowDetection(40) : .measured(30 + Int64(rng.unit() * 40)),
                    ]
                    out.append(WaterSample(section: s.code, date: CivilDay(year: year, month: month, day: 10), values: values))
                }
            }
        }
        return out
    }

    /// The sections file's header, in the import format.
    public static let sectionsHeader = "code,name,river,basin,sub_basin,city,county,control,target,water_body,lon,lat,upstream,downstream,synthetic"
    /// The items the demo samples hold, in the samples file's column order.
    public static let items: [WaterItem] = [.pH, .DO, .CODMn, .COD, .BOD5, .nh3n, .TP, .F, .Hg]

    /// Writes `sections-water.csv` and `samples-water.csv` into `directory` in the import formats.
    public static func write(sections n: Int, years: ClosedRange<Int>, seed: UInt64, tree: RegionTree, directory: URL) throws -> Output {
        let list = sections(n, seed: seed, tree: tree)
        guard !list.isEmpty else { throw AirDemo.Failure(description: "no cities to place sections in") }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var s = sectionsHeader + "\n"
        for x in list {
            s += [x.code, x.name, x.river, x.basin, x.subBasin, x.city.rawValue, x.county?.rawValue ?? "", x.control.rawValue,
                  x.target?.nameEn ?? "", x.body.rawValue, NumberText.shortest(x.lon), NumberText.shortest(x.lat),
                  x.upstream?.rawValue ?? "", x.downstream?.rawValue ?? "", "true"].joined(separator: ",") + "\n"
        }
        let samples = samples(list, years: years, seed: seed)
        var w = "section,date," + items.map(\.rawValue).joined(separator: ",") + "\n"
        w.reserveCapacity(samples.count * 80)
        for x in samples {
            w += "\(x.section),\(x.date)," + items.map { x.values[$0]?.text ?? "" }.joined(separator: ",") + "\n"
        }
        let sp = directory.appendingPathComponent("sections-water.csv"), wp = directory.appendingPathComponent("samples-water.csv")
        do {
            try Data(s.utf8).write(to: sp)
            try Data(w.utf8).write(to: wp)
        } catch { throw AirDemo.Failure(description: "cannot write into \(directory.path): \(error.localizedDescription)") }
        return Output(sectionsPath: sp.path, samplesPath: wp.path, sections: list.count, samples: samples.count)
    }
}

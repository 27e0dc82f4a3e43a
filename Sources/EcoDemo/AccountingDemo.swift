import EcoAccounting
import EcoCore
import Foundation

/// The synthetic accounting inputs (示例数据, issue #15 §6): energy by fuel, the electricity balance, GDP, GEP rows
/// and a protected-area registry with outlines for the 11 cities and the province, 2020–2025, written in the import
/// formats (each row marked `synthetic`). The province's energy and electricity rows are the sums of its cities';
/// its GEP is left to the roll-up. Shanxi's 2020 GDP (17,651.9 亿元) is split by weights; everything else is
/// invented to be of a plausible size. Deterministic for a seed.
public enum AccountingDemo {
    /// The files, by name.
    public static let files = ["energy.csv", "electricity.csv", "gdp.csv", "gep.csv", "protected.csv", "protected.geojson"]

    /// City weights of energy use, GDP, and land (synthetic shares).
    static let cities: [(code: String, energy: Double, gdp: Double, redLine: Int)] = [
        ("140100", 0.14, 0.235, 1050), ("140200", 0.10, 0.080, 2300), ("140300", 0.05, 0.042, 700), ("140400", 0.11, 0.097, 2150),
        ("140500", 0.09, 0.081, 1500), ("140600", 0.06, 0.057, 1650), ("140700", 0.09, 0.088, 2600), ("140800", 0.09, 0.093, 2250),
        ("140900", 0.07, 0.059, 4100), ("141000", 0.10, 0.085, 3250), ("141100", 0.10, 0.083, 3400),
    ]
    static let province = "140000"
    static let years = 2020...2025
    /// Growth of energy use per year (the path toward a peak) and the GDP volume index.
    static let energyGrowth: [Int: Double] = [2021: 0.031, 2022: 0.021, 2023: 0.012, 2024: 0.005, 2025: -0.002]
    static let gdpIndex: [Int: Double] = [2021: 109.1, 2022: 104.4, 2023: 105.0, 2024: 102.3, 2025: 105.4]
    static let gdpNominalGrowth: [Int: Double] = [2021: 0.232, 2022: 0.118, 2023: -0.015, 2024: 0.003, 2025: 0.052]
    /// Province totals of 2020 by fuel (unit, amount) for the energy balance's main fuels.
    static let fuels: [(String, String, Double)] = [
        ("原煤", "10^4 t", 21500), ("洗精煤", "10^4 t", 4200), ("焦炭", "10^4 t", 5600), ("焦炉煤气", "10^8 m3", 210),
        ("天然气", "10^8 m3", 92), ("汽油", "10^4 t", 520), ("柴油", "10^4 t", 610), ("液化石油气", "10^4 t", 38),
    ]

    /// The files' texts, by name.
    public static func texts(seed: UInt64) -> [String: String] {
        var rng = DemoRandom(seed: seed)
        func jitter(_ s: Double) -> Double { 1 + Double.random(in: -s...s, using: &rng) }
        var energy = ["region,year,fuel,amount,unit,use,synthetic"], elec = ["region,year,net_import_kwh,synthetic"]
        var gdp = ["region,year,gdp_nominal,gdp_index,synthetic"], gep = ["region,year,account,item,quantity,unit,price,price_unit,value,synthetic"]
        let f1 = { (v: Double) in String(format: "%.1f", v) }, f2 = { (v: Double) in String(format: "%.2f", v) }
        var provinceEnergy: [String: Double] = [:], provinceElec: [Int: Double] = [:]
        var cityGDP: [String: Double] = [:]
        for c in cities {
            var level = 1.0, nominal = 17651.9 * c.gdp
            let w = c.energy * jitter(0.03)
            for y in years {
                if y > years.lowerBound { level *= 1 + (energyGrowth[y] ?? 0) + Double.random(in: -0.004...0.004, using: &rng) }
                for (fuel, unit, total) in fuels {
                    let amount = (total * w * level * 10).rounded() / 10
                    energy.append("\(c.code),\(y),\(fuel),\(f1(amount)),\(unit),,true")
                    provinceEnergy["\(y)|\(fuel)|\(unit)", default: 0] += amount
                }
                if c.code == "141100" || c.code == "140700" {
                    let fs = (180 * level * 10).rounded() / 10
                    energy.append("\(c.code),\(y),原煤,\(f1(fs)),10^4 t,原料用能,true")
                    provinceEnergy["\(y)|原煤|10^4 t|f", default: 0] += fs
                }
                // Shanxi exports electricity: about 1,200 10^8 kWh in all, growing.
                let kwh = -(1_200e8 * c.energy * (1 + 0.05 * Double(y - 2020)) * jitter(0.05)).rounded()
                elec.append("\(c.code),\(y),\(Int64(kwh)),true")
                provinceElec[y, default: 0] += kwh
                if y > years.lowerBound { nominal *= 1 + (gdpNominalGrowth[y] ?? 0) }
                cityGDP["\(c.code)|\(y)"] = nominal
                gdp.append("\(c.code),\(y),\(f1(nominal)),\(y == years.lowerBound ? "" : f1(gdpIndex[y] ?? 100)),true")
                gep += gepRows(c.code, y, w: c.gdp, eco: Double(c.redLine) / 2400, rng: &rng, f2: f2)
            }
        }
        for key in provinceEnergy.keys.sorted() {
            let p = key.split(separator: "|").map(String.init)
            energy.append("\(province),\(p[0]),\(p[1]),\(f1(provinceEnergy[key] ?? 0)),\(p[2]),\(p.count > 3 ? "原料用能" : ""),true")
        }
        for y in years { elec.append("\(province),\(y),\(Int64(provinceElec[y] ?? 0)),true") }
        for y in years {
            let sum = cities.reduce(0) { $0 + (cityGDP["\($1.code)|\(y)"] ?? 0) }
            gdp.append("\(province),\(y),\(f1(sum)),\(y == years.lowerBound ? "" : f1(gdpIndex[y] ?? 100)),true")
        }
        let (registry, outlines) = protected()
        return ["energy.csv": energy.joined(separator: "\n") + "\n", "electricity.csv": elec.joined(separator: "\n") + "\n",
                "gdp.csv": gdp.joined(separator: "\n") + "\n", "gep.csv": gep.joined(separator: "\n") + "\n",
                "protected.csv": registry, "protected.geojson": outlines]
    }

    /// One city-year of GEP rows: statistics for the provisioning accounts, the chains' parameters, a cultural account.
    /// The ecosystems' services scale with `eco` (the red line's size, 1 for an average city), tourism and the GEEP
    /// losses with the economy `w`.
    static func gepRows(_ code: String, _ y: Int, w: Double, eco: Double, rng: inout DemoRandom, f2: (Double) -> String) -> [String] {
        func j() -> Double { 1 + Double.random(in: -0.05...0.05, using: &rng) }
        let g = 1 + 0.02 * Double(y - 2020)
        let s = eco, econ = w * 11
        var r: [String] = []
        func add(_ a: String, _ item: String, q: Double? = nil, unit: String = "", p: Double? = nil, pu: String = "", v: Double? = nil) {
            r.append("\(code),\(y),\(a),\(item),\(q.map(f2) ?? ""),\(unit),\(p.map(f2) ?? ""),\(pu),\(v.map { String(Int64($0.rounded())) } ?? ""),true")
        }
        add("农业产品", "农业总产值", v: 160e8 * s * g * j())
        add("林业产品", "林业总产值", v: 12e8 * s * g * j())
        add("畜牧业产品", "牧业总产值", v: 60e8 * s * g * j())
        add("渔业产品", "渔业总产值", v: 1.5e8 * s * j())
        add("生态能源", "水电发电量", q: 1.2e8 * j(), unit: "kWh")
        for (type, p, runoff, et, km2) in [("森林", 520.0, 40.0, 390.0, 2600.0), ("草地", 480.0, 60.0, 400.0, 1800.0)] {
            add("水源涵养", "precipitation:\(type)", q: p * j(), unit: "mm")
            add("水源涵养", "storm_runoff:\(type)", q: runoff, unit: "mm")
            add("水源涵养", "evapotranspiration:\(type)", q: et, unit: "mm")
            add("水源涵养", "area:\(type)", q: km2 * s, unit: "km2")
        }
        add("土壤保持", "soil_retained", q: 6.0e7 * s * j(), unit: "t")
        add("土壤保持", "soil_bulk_density", q: 1.35, unit: "t/m3")
        add("土壤保持", "soil_n_content", q: 0.09, unit: "%")
        add("土壤保持", "soil_p_content", q: 0.06, unit: "%")
        if ["140200", "140600", "140900", "141100"].contains(code) { add("防风固沙", "sand_fixed", q: 2.4e7 * s * j(), unit: "t") }
        add("洪水调蓄", "reservoir_capacity", q: 3.0e8 * s, unit: "m3")
        for (p, cap, e) in [("SO2", 9000.0, 6000.0), ("NOx", 7000.0, 9000.0), ("dust", 40000.0, 30000.0)] {
            add("空气净化", p, q: cap * s * j(), unit: "t")
            add("空气净化", "emission:\(p)", q: e * s * j(), unit: "t")
        }
        for (p, cap, e) in [("COD", 12000.0, 15000.0), ("NH3-N", 900.0, 700.0)] {
            add("水质净化", p, q: cap * s * j(), unit: "t")
            add("水质净化", "emission:\(p)", q: e * s * j(), unit: "t")
        }
        add("固碳", "co2_fixed", q: 3.2e6 * s * j(), unit: "t")
        add("气候调节", "植被蒸腾降温", q: 4.0e9 * s * j(), unit: "kWh")
        add("休闲旅游", "游客人次", q: (7.5e6 * econ * g * j()).rounded(), unit: "trips", p: 950, pu: "yuan/trips")
        add("GEEP", "pollution_loss", v: 28e8 * econ * j())
        add("GEEP", "ecological_damage", v: 9e8 * s * j())
        return r
    }

    /// The registry (per city a red line, a reserve within it, a nature park; the reserve and park outlined as squares
    /// that overlap) and its outlines.
    static func protected() -> (String, String) {
        var rows = ["id,name,type,level,designated,region,area_km2,within,synthetic"]
        var features: [String] = []
        for (i, c) in cities.enumerated() {
            let n = i + 1
            rows.append("RL\(n),示例生态保护红线\(n),生态保护红线,省级,2018-06-30,\(c.code),\(c.redLine),,true")
            // Two squares of 0.2° and 0.15° overlapping by a quarter of the smaller one; areas from the ellipsoid.
            let (lon, lat) = AirDemo.centres[c.code] ?? (112.5, 37.5)
            let a = square(lon - 0.3, lat - 0.3, 0.2), b = square(lon - 0.175, lat - 0.175, 0.15)
            rows.append("NR\(n),示例自然保护区\(n),自然保护区,国家级,2002-07-01,\(c.code),\(String(format: "%.1f", EllipsoidArea.area([a]))),RL\(n),true")
            rows.append("NP\(n),示例森林公园\(n),自然公园,省级,2015-03-01,\(c.code),\(String(format: "%.1f", EllipsoidArea.area([b]))),,true")
            features.append(feature("NR\(n)", a)); features.append(feature("NP\(n)", b))
        }
        return (rows.joined(separator: "\n") + "\n", "{\"type\":\"FeatureCollection\",\"features\":[\n" + features.joined(separator: ",\n") + "\n]}\n")
    }

    static func square(_ lon: Double, _ lat: Double, _ side: Double) -> [GeoPoint] {
        [(lon, lat), (lon + side, lat), (lon + side, lat + side), (lon, lat + side), (lon, lat)].map { GeoPoint(lon: $0.0, lat: $0.1) }
    }

    static func feature(_ id: String, _ ring: [GeoPoint]) -> String {
        let coords = ring.map { String(format: "[%.4f,%.4f]", $0.lon, $0.lat) }.joined(separator: ",")
        return "{\"type\":\"Feature\",\"properties\":{\"id\":\"\(id)\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[\(coords)]]}}"
    }
}

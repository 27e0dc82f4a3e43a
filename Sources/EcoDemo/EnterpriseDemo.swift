import EcoCore
import EcoKit
import Foundation

/// Synthetic penalty decisions (示例数据, issue #17 §6) in the import format `enterprise,date,decision_number,
/// legal_basis,fine,closed`: about half of the registered enterprises get one to four decisions in each year,
/// with fines from a warning to 500 000 yuan and a few closure orders, so that every deduction line of the points
/// scheme and the cap appear. Decision numbers start with `示例` (the file format has no synthetic column).
public enum EnterpriseDemo {
    static let bases = ["《中华人民共和国大气污染防治法》第九十九条", "《中华人民共和国水污染防治法》第八十三条", "《中华人民共和国固体废物污染环境防治法》第一百一十二条",
                        "《排污许可管理条例》第三十三条", "《中华人民共和国环境影响评价法》第三十一条", "《中华人民共和国大气污染防治法》第一百零八条"]
    static let fines: [Double] = [0, 5_000, 20_000, 50_000, 80_000, 100_000, 200_000, 500_000]

    /// `penalties.csv` for `years`, for the enterprises' credit codes (in the order given).
    public static func penalties(codes: [String], years: ClosedRange<Int>, seed: UInt64) -> String {
        var rng = DemoRandom(seed: seed)
        var lines = ["enterprise,date,decision_number,legal_basis,fine,closed"]
        var n = 0
        for year in years {
            for code in codes where Int.random(in: 0..<2, using: &rng) == 0 {
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    n += 1
                    let day = CivilDay(year: year, month: Int.random(in: 1...12, using: &rng), day: Int.random(in: 1...28, using: &rng))
                    let fine = fines[Int.random(in: 0..<fines.count, using: &rng)]
                    let closed = fine >= 200_000 && Bool.random(using: &rng)
                    lines.append("\(code),\(day),示例晋环罚〔\(year)〕\(n)号,\(bases[Int.random(in: 0..<bases.count, using: &rng)]),\(Int(fine)),\(closed)")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension EnterpriseDemo {
    /// `risk-sources.csv`, `targets.csv` and `resources.csv` (synthetic): a risk source at every third enterprise's
    /// first outlet with one to three substances; a drinking-water intake 1–4 km from every second source and a
    /// school beside every fourth; one stockpile and one team per region that has a source, 5–15 km away; a plan per
    /// source's enterprise (filed mid-2022 to mid-2024, three years' validity) and a 一般 incident at every ninth.
    /// `sites` are (credit code, name, region code, lon, lat) of the enterprises in order.
    public static func risk(sites: [(String, String, String, Double, Double)], seed: UInt64) -> [String: String] {
        var rng = DemoRandom(seed: seed)
        let substances = [("液氨", 5.0), ("盐酸", 7.5), ("硫酸", 10.0), ("甲醇", 10.0), ("苯", 10.0), ("柴油", 2500.0), ("次氯酸钠", 5.0)]
        var sources = ["id,enterprise,name,region,process,substances,process_score,air_e,water_e,lon,lat,synthetic"]
        var targets = ["id,name,kind,region,lon,lat,synthetic"]
        var resources = ["id,name,kind,capacity,region,lon,lat,contact,synthetic"]
        var plans = ["id,enterprise,filed,expires,level,synthetic"]
        var incidents = ["id,time,lon,lat,region,kind,level,response,enterprise,synthetic"]
        var regions: [String: (Double, Double)] = [:]
        func offset(_ km: Double) -> Double { km / 111.0 * (Bool.random(using: &rng) ? 1 : -1) }
        for (i, s) in sites.enumerated() where i % 3 == 0 {
            let n = Int.random(in: 1...3, using: &rng)
            let held = (0..<n).map { _ -> String in
                let (name, critical) = substances[Int.random(in: 0..<substances.count, using: &rng)]
                return "\(name):\(Int(critical * Double.random(in: 0.2...30, using: &rng))):\(NumberText.shortest(critical))"
            }
            sources.append("RS\(i),\(s.0),\(s.1)储罐区,\(s.2),储存与装卸,\(held.joined(separator: ";")),\(Int.random(in: 10...70, using: &rng)),"
                           + "\(Int.random(in: 1...3, using: &rng)),\(Int.random(in: 1...3, using: &rng)),\(String(format: "%.5f", s.3)),\(String(format: "%.5f", s.4)),true")
            if i % 2 == 0 {
                targets.append("W\(i),\(s.1.prefix(5))饮用水源地取水口,intake,\(s.2),\(String(format: "%.5f", s.3 + offset(Double.random(in: 1...4, using: &rng)))),\(String(format: "%.5f", s.4 + offset(Double.random(in: 0.5...2, using: &rng)))),true")
            }
            if i % 4 == 0 {
                targets.append("E\(i),\(s.1.prefix(5))附近小学,school,\(s.2),\(String(format: "%.5f", s.3 + offset(1.5))),\(String(format: "%.5f", s.4 + offset(0.8))),true")
            }
            regions[s.2] = regions[s.2] ?? (s.3, s.4)
            // A plan filed between mid-2022 and mid-2024, to be revised three years later.
            let filed = CivilDay(year: 2022, month: 6, day: 1).adding(Int.random(in: 0...730, using: &rng))
            plans.append("示例\(s.2)-2022-\(i),\(s.0),\(filed),\(filed.adding(months: 36).adding(-1)),\(["general", "larger", "major"][Int.random(in: 0...2, using: &rng)]),true")
            if i % 9 == 0 {
                let d = CivilDay(year: 2025, month: Int.random(in: 1...12, using: &rng), day: Int.random(in: 1...28, using: &rng))
                incidents.append("INC\(i),\(d)T\(String(format: "%02d", Int.random(in: 0...23, using: &rng))):\(String(format: "%02d", Int.random(in: 0...59, using: &rng))),"
                                 + "\(String(format: "%.5f", s.3 + offset(0.3))),\(String(format: "%.5f", s.4)),\(s.2),储罐泄漏,general,启动企业预案，围堵收集，监测下游断面,\(s.0),true")
            }
        }
        for (region, p) in regions.sorted(by: { $0.key < $1.key }) {
            resources.append("ST\(region),示例\(region)应急物资库,stockpile,吸附棉 2 t；围油栏 500 m；活性炭 5 t,\(region),\(String(format: "%.5f", p.0 + offset(Double.random(in: 5...15, using: &rng)))),\(String(format: "%.5f", p.1 + offset(3))),0351-12369,true")
            resources.append("TM\(region),示例\(region)环境应急队,team,20 人，监测车 2 辆,\(region),\(String(format: "%.5f", p.0 + offset(Double.random(in: 5...15, using: &rng)))),\(String(format: "%.5f", p.1 + offset(4))),12369,true")
        }
        return ["plans.csv": plans.joined(separator: "\n") + "\n", "incidents.csv": incidents.joined(separator: "\n") + "\n",
                "risk-sources.csv": sources.joined(separator: "\n") + "\n", "targets.csv": targets.joined(separator: "\n") + "\n", "resources.csv": resources.joined(separator: "\n") + "\n"]
    }
}

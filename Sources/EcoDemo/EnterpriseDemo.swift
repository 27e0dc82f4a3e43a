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

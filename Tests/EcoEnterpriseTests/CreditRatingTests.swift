import EcoAccess
import EcoCore
import EcoEnterprise
import EcoIngest
import EcoKit
import EcoServices
import EcoSources
import EcoStandards
import EcoStoreSQLite
import Foundation
import XCTest

/// The credit schemes worked by hand: every deduction line and its cap, the grade cut-offs at their boundaries,
/// the one-vote and downgrade rules, the weighted score's bands; the penalty reader's errors; the service's roles.
final class CreditRatingTests: XCTestCase {
    let pilot = try! BuiltinData.creditSchemes().first { $0.id == "shanxi-2024-pilot" }!
    let national = try! BuiltinData.creditSchemes().first { $0.id == "national-2013" }!
    static let code = "91140100MA0K12345" + String(CreditCode.checkCharacter(Array("91140100MA0K12345"))!)

    func day(_ s: String) -> CivilDay { CivilDay(s)! }

    func penalty(_ ref: String, _ fine: Double, closed: Bool = false, on d: String = "2025-03-01") -> CreditRecord {
        CreditRecord(enterprise: Self.code, input: .penalty, reference: ref, day: day(d), text: "《大气污染防治法》第九十九条", fine: fine, closed: closed)
    }

    func rate(_ records: [CreditRecord], _ scheme: CreditScheme? = nil, compliance: Double? = nil, plan: Bool? = nil) -> CreditRating {
        CreditRater.rate(enterprise: Self.code, name: "某焦化公司", year: 2025, records: records, complianceRate: compliance, hasValidPlan: plan, scheme: scheme ?? pilot)
    }

    /// 100 − (3 + 6 + 12 + 3 + 1 of 3: the penalty cap of 25 reached) − (1 + 1 exceedance days) − 3 (transmission
    /// 85 % < 90 %) = 70 → C (60 ≤ 70 < 75). A transmission of 95 % and a 2024 penalty count nothing.
    func testEveryDeductionLineAndTheCap() {
        let records = [
            penalty("罚1", 30_000), penalty("罚2", 80_000, on: "2025-04-01"), penalty("罚3", 200_000, closed: true, on: "2025-05-01"),
            penalty("罚4", 50_000, on: "2025-06-01"), penalty("罚5", 10_000, on: "2025-07-01"), penalty("罚0", 1_000_000, on: "2024-12-31"),
            CreditRecord(enterprise: Self.code, input: .exceedanceDay, reference: "e1", day: day("2025-08-01"), text: "SO2"),
            CreditRecord(enterprise: Self.code, input: .exceedanceDay, reference: "e2", day: day("2025-08-02"), text: "SO2"),
            CreditRecord(enterprise: Self.code, input: .transmission, reference: "t", day: day("2025-12-31"), text: "85 %", rate: 85),
            CreditRecord(enterprise: "other", input: .penalty, reference: "x", day: day("2025-01-01"), text: "", fine: 1, closed: false),
        ]
        let r = rate(records)
        XCTAssertEqual(r.deductions.map(\.rule), ["penalty-small", "penalty-large", "penalty-closed", "penalty-small", "penalty-small", "exceedance-day", "exceedance-day", "transmission-low"])
        XCTAssertEqual(r.deductions.map(\.applied), [3, 6, 12, 3, 1, 1, 1, 3])
        XCTAssertEqual(r.deductions[4].points, 3, "the fifth penalty is worth 3 but only 1 is left under the cap of 25")
        XCTAssertEqual(r.score, 70)
        XCTAssertEqual(r.grade, "C")
        XCTAssertEqual(r.arithmetic, "100 − 3 − 6 − 12 − 3 − 1 − 1 − 1 − 3 = 70")
        let fine = rate([CreditRecord(enterprise: Self.code, input: .transmission, reference: "t", day: day("2025-12-31"), text: "", rate: 95)])
        XCTAssertEqual(fine.score, 100, "95 % is not below 90 %")
        XCTAssertEqual(fine.grade, "A")
    }

    /// A ≥ 90, B ≥ 75, C ≥ 60, D below: 100 − 10 = 90 → A; 100 − 10 − 1 = 89 → B; 75 → B; 74 → C; 60 → C; 58 → D.
    func testGradeCutOffsAtTheirBoundaries() {
        func score(_ points: [Double]) -> CreditRating {
            // Deductions through the permit group (cap 15) and the society group (cap 10): permit-invalid 10, report-late 2, complaint 2, case 3.
            var records: [CreditRecord] = []
            var n = 0
            for p in points {
                n += 1
                let input: CreditInput = p == 10 ? .permitInvalid : p == 2 ? .reportLate : p == 3 ? .supervisionCase : .exceedanceDay
                records.append(CreditRecord(enterprise: Self.code, input: input, reference: "r\(n)", day: day("2025-02-01").adding(n), text: ""))
            }
            return rate(records)
        }
        XCTAssertEqual(score([10]).grade, "A")                                  // 90
        XCTAssertEqual(score([10, 1]).grade, "B")                               // 89
        XCTAssertEqual(score([10, 2, 2, 1, 3, 3, 3, 1]).score, 75)              // 100 − (10+2+2) − 1 − (3+3+3) − 1 = 75
        XCTAssertEqual(score([10, 2, 2, 1, 3, 3, 3, 1]).grade, "B")
        XCTAssertEqual(score([10, 2, 2, 1, 3, 3, 3, 1, 1]).grade, "C")          // 74
        // Monitoring capped at 15 (40 exceedance days), penalties 12 + 12 + 1 of 12 (cap 25): 100 − 15 − 25 = 60 → C,
        // exactly at the boundary; one verified complaint more (−2) gives 58 → D.
        let heavy = (1...40).map { CreditRecord(enterprise: Self.code, input: .exceedanceDay, reference: "e\($0)", day: day("2025-01-01").adding($0), text: "") }
            + [penalty("p1", 200_000, closed: true), penalty("p2", 200_000, closed: true), penalty("p3", 200_000, closed: true)]
        let sixty = rate(heavy)
        XCTAssertEqual(sixty.score, 60)
        XCTAssertEqual(sixty.grade, "C")
        let below = rate(heavy + [CreditRecord(enterprise: Self.code, input: .complaint, reference: "c1", day: day("2025-09-01"), text: "")])
        XCTAssertEqual(below.score, 58)
        XCTAssertEqual(below.grade, "D")
    }

    /// A one-vote item gives the lowest grade whatever the score; a 一般 emergency lowers one grade (A → B), never
    /// below the lowest.
    func testOneVoteAndDowngrade() {
        let crime = rate([CreditRecord(enterprise: Self.code, input: .oneVote, reference: "公安移送", day: day("2025-05-05"), text: "涉嫌污染环境罪", item: "crime")])
        XCTAssertEqual(crime.score, 100)
        XCTAssertEqual(crime.grade, "D")
        XCTAssertEqual(crime.oneVote, ["crime"])
        let incident = rate([CreditRecord(enterprise: Self.code, input: .incident, reference: "突发-1", day: day("2025-05-05"), text: "一般突发环境事件")])
        XCTAssertEqual(incident.grade, "B")
        XCTAssertTrue(incident.downgraded)
        XCTAssertEqual(incident.measures, pilot.grades.value[1].measures)
    }

    /// Bands [90,80,100], [75,50,79], [50,0,49]: 95 → 80 + 5/10 × 20 = 90; 80 → 50 + 5/15 × 29 = 59.67; 62.5 → 0 +
    /// 12.5/25 × 49 = 24.5; 90 → 80; 75 → 50; 50 → 0; 40 → 0; 100 → 100.
    func testWeightedBandsAndScore() {
        let bands = national.indicators[0].bands
        XCTAssertEqual(CreditRater.bandScore(95, bands: bands), 90, accuracy: 1e-9)
        XCTAssertEqual(CreditRater.bandScore(80, bands: bands), 50 + 5.0 / 15 * 29, accuracy: 1e-9)
        XCTAssertEqual(CreditRater.bandScore(62.5, bands: bands), 24.5, accuracy: 1e-9)
        for (rate, score) in [(90.0, 80.0), (75, 50), (50, 0), (40, 0), (100, 100)] { XCTAssertEqual(CreditRater.bandScore(rate, bands: bands), score, "\(rate)") }
        // (15 × 90 + 15 × 100 + 10 × 100) / 40 = 3850 / 40 = 96.25 → 环保诚信 (≥ 95).
        let all = rate([], national, compliance: 95, plan: true)
        XCTAssertEqual(all.score, 96.25)
        XCTAssertEqual(all.grade, "trustworthy")
        XCTAssertEqual(all.arithmetic, "(15 × 90 + 15 × 100 + 10 × 100) / 40 = 96.25")
        // Without the plan's data its weight is left out: (1350 + 1500) / 30 = 95 → still 诚信, at the boundary.
        XCTAssertEqual(rate([], national, compliance: 95).score, 95)
        XCTAssertEqual(rate([], national, compliance: 95).grade, "trustworthy")
        // One penalty: (1350 + 0 + 1000) / 40 = 58.75 → 不良.
        let fined = rate([penalty("罚1", 100)], national, compliance: 95, plan: true)
        XCTAssertEqual(fined.score, 58.75)
        XCTAssertEqual(fined.grade, "bad")
        XCTAssertNil(rate([], national).indicators.first { $0.indicator == "discharge-compliance" }?.score)
    }

    func testThePenaltyReaderLocatesEveryProblem() {
        let header = "enterprise,date,decision_number,legal_basis,fine,closed\n"
        let text = header + "\(Self.code),2025-03-01,晋环罚〔2025〕1号,《大气污染防治法》第九十九条,50000,false\n"
            + "91140100MA0K123450,2025-03-02,晋环罚〔2025〕2号,x,1,false\n"
            + "\(Self.code),2025-02-30,晋环罚〔2025〕1号,x,-5,maybe\n"
        let r = EnterpriseCSV.readPenalties(Data(text.utf8), file: "p.csv") { $0 == Self.code }
        XCTAssertEqual(r.value.count, 1)
        XCTAssertEqual(r.value.first?.fine, 50_000)
        XCTAssertEqual(r.problems.map(\.description), [
            "p.csv:3:1: enterprise '91140100MA0K123450': the check character is '0' but the code's first 17 characters give 'Y' (GB 32100-2015)",
            "p.csv:4:2: date '2025-02-30' is not a day YYYY-MM-DD from 2000 to 2100",
            "p.csv:4:3: decision 晋环罚〔2025〕1号 appears twice",
            "p.csv:4:5: fine -5 is outside 0 to 1000000000 yuan",
            "p.csv:4:6: closed 'maybe' must be true or false",
        ])
        let unknown = EnterpriseCSV.readPenalties(Data((header + "\(Self.code),2025-03-01,n,x,1,true\n").utf8), file: "p.csv") { _ in false }
        XCTAssertTrue(unknown.problems.first?.description.contains("is not registered") == true)
        let headerless = EnterpriseCSV.readPenalties(Data("enterprise,date\n".utf8), file: "h.csv") { _ in true }
        XCTAssertFalse(headerless.problems.isEmpty)
    }

    func testServiceImportsAndRatesWithRoles() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("credit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteStore(path: dir.appendingPathComponent("t.sqlite").path)
        try await store.migrate()
        _ = try await Bootstrap.initialize(store, actor: "test", at: Date())
        try await store.upsertSourceRegistry(SourceRegistry(enterprises: [SourceEnterprise(creditCode: Self.code, name: "某焦化公司", region: RegionCode("140100")!, industry: "焦化")]))
        let services = Services(store: store, actor: "test")
        let province = Account(name: "sheng", role: .provinceReviewer, region: RegionCode("140000")!, passwordHash: "x", createdAt: Date())
        let county = Account(name: "xd", role: .countyReporter, region: RegionCode("140105")!, passwordHash: "x", createdAt: Date())
        let csv = Data("enterprise,date,decision_number,legal_basis,fine,closed\n\(Self.code),2025-03-01,晋环罚〔2025〕1号,《大气污染防治法》第九十九条,80000,false\n".utf8)
        do { _ = try await services.importPenalties(csv, file: "p.csv", account: county); XCTFail("a county reporter may not import penalties") } catch ServiceError.forbidden {}
        let n = try await services.importPenalties(csv, file: "p.csv", account: province)
        XCTAssertEqual(n, 1)
        let ratings = try await services.rateCredit(year: 2025)
        XCTAssertEqual(ratings.count, 1)
        XCTAssertEqual(ratings[0].score, 94)   // 100 − 6 (fine above 50 000)
        XCTAssertEqual(ratings[0].grade, "A")
        XCTAssertEqual(ratings[0].deductions.first?.reference, "晋环罚〔2025〕1号")
        let old = try await services.rateCredit(year: 2022)
        XCTAssertEqual(old.first?.scheme, "national-2013", "before 2023 the national method")
        do { _ = try await services.rateCredit(year: 2025, scheme: "moon"); XCTFail() } catch ServiceError.invalid(let m) { XCTAssertTrue(m.contains("shanxi-2024-pilot"), m) }
    }
}

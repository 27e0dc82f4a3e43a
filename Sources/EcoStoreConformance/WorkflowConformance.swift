import EcoAccess
import EcoCore
import EcoKit
import EcoStore
import Foundation

/// The workflow facet's checks, and the versions, locks and audit chain every backend must keep.
enum WorkflowConformance {
    static let checks: [(name: String, run: StoreConformance.Check)] = [
        ("a stale write is refused whole with the current value, a current one bumps the version", staleWrites),
        ("transitions are compare-and-set, audited, and lock the unit's values", transitionsAndLocks),
        ("the audit chain verifies, and a changed record is found", auditChain),
        ("validation results and sessions round-trip; sessions expire", validationAndSessions),
    ]

    static func ctx(_ actor: String, _ t: TimeInterval = 0, expected: [ObservationKey: Int] = [:]) -> ChangeContext {
        ChangeContext(actor: actor, at: StoreConformance.t0.addingTimeInterval(t), reason: "test", address: "10.0.0.7",
                      userAgent: "conformance", expectedVersions: expected)
    }

    static func staleWrites(_ s: any ConformingStore) async throws {
        let k = StoreConformance.key("140105", "pm25", 2024), other = StoreConformance.key("140105", "forest_cover", 2024)
        _ = try await s.write([Observation(key: k, value: .number(40))], policy: .replace, context: ctx("a", expected: [k: 0]))
        var got = try await s.observations(ObservationQuery(framework: "fw", region: k.region, indicator: "pm25"))
        try StoreConformance.expect(got.first?.version == 1, "a new value must be version 1, got \(got.first?.version ?? -1)")
        // Two reporters read version 1; the first saves, the second's save is refused with the value now stored.
        _ = try await s.write([Observation(key: k, value: .number(41))], policy: .replace, context: ctx("a", 1, expected: [k: 1]))
        do {
            _ = try await s.write([Observation(key: other, value: .number(20)), Observation(key: k, value: .number(39))], policy: .replace,
                                  context: ctx("b", 2, expected: [k: 1, other: 0]))
            throw ConformanceFailure(message: "a write based on version 1 of a version-2 cell was accepted")
        } catch StoreError.stale(let cells) {
            try StoreConformance.expect(cells.count == 1 && cells[0].key == k && cells[0].current == .number(41) && cells[0].currentVersion == 2
                                        && cells[0].expectedVersion == 1, "the stale cell was not named with its current value: \(cells)")
        }
        got = try await s.observations(ObservationQuery(framework: "fw", region: k.region))
        try StoreConformance.expect(got.count == 1 && got[0].value == .number(41) && got[0].version == 2,
                                    "a refused batch must write nothing (the other cell included): \(got.map { "\($0.key.indicator)=\($0.value)" })")
    }

    static func transitionsAndLocks(_ s: any ConformingStore) async throws {
        let unit = ReportUnit(framework: "fw", region: RegionCode("140105")!, year: 2024)
        let k = StoreConformance.key("140105", "pm25", 2024)
        _ = try await s.write([Observation(key: k, value: .number(40))], policy: .replace, context: ctx("a"))
        func record(_ old: String?, _ new: String) -> AuditRecord {
            AuditRecord(key: ObservationKey(framework: "fw", indicator: AuditRecord.workflowIndicator, region: unit.region, year: 2024),
                        old: old, new: new, source: nil, context: ctx("reviewer", 5))
        }
        let submitted = ReportState(unit: unit, status: .submitted, updatedAt: StoreConformance.t0, updatedBy: "a")
        try StoreConformance.expect(try await s.transition(to: submitted, expected: nil, audit: record("draft", "submitted")), "the first transition failed")
        try StoreConformance.expect(!(try await s.transition(to: submitted, expected: nil, audit: record("draft", "submitted"))),
                                    "a transition from a status the unit no longer has must fail")
        do {
            _ = try await s.write([Observation(key: k, value: .number(45))], policy: .replace, context: ctx("a", 6))
            throw ConformanceFailure(message: "a write into a submitted unit was accepted")
        } catch StoreError.locked(let cells) {
            try StoreConformance.expect(cells.map(\.key) == [k], "the locked cell was not named: \(cells)")
        }
        // An unchanged value is no change: writing it again into the locked unit is not refused.
        let same = try await s.write([Observation(key: k, value: .number(40))], policy: .replace, context: ctx("a", 7))
        try StoreConformance.expect(same.unchanged == 1, "an identical write must count as unchanged")
        // Another year of the same region is not locked.
        _ = try await s.write([Observation(key: StoreConformance.key("140105", "pm25", 2023), value: .number(44))], policy: .replace, context: ctx("a", 8))
        let approved = ReportState(unit: unit, status: .approved, updatedAt: StoreConformance.t0.addingTimeInterval(9), updatedBy: "r")
        try StoreConformance.expect(try await s.transition(to: approved, expected: .submitted, audit: record("submitted", "approved")), "approve failed")
        let states = try await s.reportStates(framework: "fw", year: 2024)
        try StoreConformance.expect(states.map(\.status) == [.approved] && states[0].updatedBy == "r", "the state did not round-trip: \(states)")
        try StoreConformance.expect(try await s.changesSinceApproval(framework: "fw", year: 2024)[unit.region] == nil, "no change since approval yet")
        // Unapproved and changed: the count shows one change since the approval.
        let back = ReportState(unit: unit, status: .draft, updatedAt: StoreConformance.t0.addingTimeInterval(10), updatedBy: "r", reason: "recheck")
        _ = try await s.transition(to: back, expected: .approved, audit: record("approved", "draft"))
        _ = try await s.write([Observation(key: k, value: .number(46))], policy: .replace, context: ctx("a", 11))
        try StoreConformance.expect(try await s.changesSinceApproval(framework: "fw", year: 2024)[unit.region] == 1, "one change since approval expected")
        let trail = try await s.auditTrail(framework: "fw", region: unit.region, indicator: AuditRecord.workflowIndicator)
        try StoreConformance.expect(trail.map(\.newValue) == ["submitted", "approved", "draft"] && trail.allSatisfy { $0.address == "10.0.0.7" && $0.userAgent == "conformance" },
                                    "the workflow's audit trail is wrong: \(trail.map { $0.newValue ?? "" })")
    }

    static func auditChain(_ s: any ConformingStore) async throws {
        for i in 0..<5 {
            _ = try await s.write([Observation(key: StoreConformance.key("140100", "pm25", 2020 + i), value: .number(Double(40 + i)))],
                                  policy: .replace, context: ctx("a", Double(i)))
        }
        try await s.setBasicCondition(BasicConditionRecord(framework: "fw", condition: "plan", region: RegionCode("140000")!, year: 2024, status: .met,
                                                           evidence: "doc"), context: ctx("a", 9))
        let (records, head) = try await s.auditChain(framework: "fw")
        let report = AuditChain.verify(framework: "fw", records: records, head: head)
        try StoreConformance.expect(report.problems.isEmpty && records.count == 6 && head?.seq == 6, "the chain does not verify: \(report.problems)")
        try StoreConformance.expect(records.map(\.seq) == [1, 2, 3, 4, 5, 6], "sequence numbers must run 1…n in row order")
        var edited = records
        edited[2].newValue = "99"
        try StoreConformance.expect(!AuditChain.verify(framework: "fw", records: edited, head: head).problems.isEmpty, "an edited record must be found")
        try StoreConformance.expect(try await s.auditedFrameworks() == ["fw"], "the audited frameworks are listed")
    }

    static func validationAndSessions(_ s: any ConformingStore) async throws {
        let t0 = StoreConformance.t0
        let unit = ReportUnit(framework: "fw", region: RegionCode("140105")!, year: 2024)
        let v = RuleViolation(rule: "pm25-change", importance: .warning, indicator: "pm25", region: unit.region, year: 2024,
                              message: LocalizedText(zh: "变化 30%", en: "changed 30 %"))
        try await s.saveValidation(ValidationRecord(unit: unit, checkedAt: t0, violations: [StoredViolation(violation: v, comment: "新站点")]))
        try await s.saveValidation(ValidationRecord(unit: unit, checkedAt: t0.addingTimeInterval(1), violations: [StoredViolation(violation: v, comment: "新站点投运")]))
        let got = try await s.validationRecords(framework: "fw", year: 2024)
        try StoreConformance.expect(got.count == 1 && got[0].violations.first?.comment == "新站点投运" && got[0].checkedAt == t0.addingTimeInterval(1),
                                    "the validation result was not replaced: \(got)")
        _ = try await s.createAccount(Account(name: "li", role: .countyReporter, region: unit.region, passwordHash: "h", createdAt: t0))
        let session = Session(hash: "s1", account: "li", csrf: "c1", createdAt: t0, expiresAt: t0.addingTimeInterval(3600), address: "10.0.0.7", userAgent: "ua")
        try await s.createSession(session)
        try StoreConformance.expect(try await s.session(hash: "s1", at: t0.addingTimeInterval(10)) == session, "the session did not round-trip")
        try StoreConformance.expect(try await s.session(hash: "s1", at: t0.addingTimeInterval(3600)) == nil, "an expired session must not be found")
        try await s.deleteSessions(account: "li")
        try StoreConformance.expect(try await s.session(hash: "s1", at: t0) == nil, "ending an account's sessions failed")
    }
}

import EcoCore
import EcoDelivery
import EcoIngest
import EcoKit
import XCTest

/// Every action from every state of the five-step case machine: the legal ones and their next state, the illegal
/// ones refused with a sentence naming the state; the 13710 deadlines and flags.
final class CaseTests: XCTestCase {
    let rules = try! BuiltinData.deliveryRules()
    func day(_ s: String) -> CivilDay { CivilDay(s)! }

    func apply(_ c: SupervisionCase, _ a: CaseAction, _ d: String) -> SupervisionCase {
        guard case .success(let n) = c.applying(a, on: day(d), by: "p", rules: rules) else { XCTFail("\(a) refused on \(c.state)"); return c }
        return n
    }

    /// A case in each state, by a legal path (found 2026-03-01, ordinary: assigned on 03-02 → deadline 03-09).
    func cases() -> [CaseState: SupervisionCase] {
        let found = SupervisionCase.open(id: "C1", title: "t", region: RegionCode("140105")!, source: .complaint, severity: .ordinary, on: day("2026-03-01"), by: "p")
        let assigned = apply(found, .assign(unit: "eeb", deadline: nil, target: "整改"), "2026-03-02")
        let rectifying = apply(assigned, .report(note: "r"), "2026-03-03")
        let verified = apply(rectifying, .verify(passed: true, note: ""), "2026-03-05")
        let closed = apply(verified, .close(note: ""), "2026-03-06")
        let summoned = apply(apply(rectifying, .verify(passed: false, note: ""), "2026-03-05"), .escalate(note: "", people: 2), "2026-03-06")
        let inspection = apply(summoned, .escalate(note: "", people: 0), "2026-03-07")
        let referred = apply(inspection, .escalate(note: "", people: 3), "2026-03-08")
        return [.found: found, .assigned: assigned, .rectifying: rectifying, .verified: verified, .closed: closed, .summoned: summoned,
                .inspection: inspection, .referred: referred]
    }

    func testEveryTransition() {
        let all = cases()
        XCTAssertEqual(Set(all.keys), Set(CaseState.allCases))
        XCTAssertEqual(all[.assigned]?.deadline, day("2026-03-09"), "ordinary: 7 days from 2 March (13710)")
        let actions: [(String, CaseAction)] = [("assign", .assign(unit: "eeb", deadline: day("2026-04-30"), target: "x")), ("report", .report(note: "n")),
                                               ("pass", .verify(passed: true, note: "")), ("fail", .verify(passed: false, note: "")), ("close", .close(note: "")),
                                               ("escalate", .escalate(note: "", people: 1)), ("reopen", .reopen(reason: "反弹"))]
        // Expected next state, nil = refused. Escalation from assigned/rectifying needs the deadline (9 March) passed or a
        // failed verification: on 10 March the deadline has passed, so it is allowed there.
        let expected: [CaseState: [String: CaseState?]] = [
            .found: ["assign": .assigned, "report": nil, "pass": nil, "fail": nil, "close": nil, "escalate": nil, "reopen": nil],
            .assigned: ["assign": nil, "report": .rectifying, "pass": nil, "fail": nil, "close": nil, "escalate": .summoned, "reopen": nil],
            .rectifying: ["assign": nil, "report": .rectifying, "pass": .verified, "fail": .rectifying, "close": nil, "escalate": .summoned, "reopen": nil],
            .verified: ["assign": nil, "report": nil, "pass": nil, "fail": nil, "close": .closed, "escalate": nil, "reopen": nil],
            .closed: ["assign": nil, "report": nil, "pass": nil, "fail": nil, "close": nil, "escalate": nil, "reopen": .rectifying],
            .summoned: ["assign": nil, "report": .rectifying, "pass": nil, "fail": nil, "close": nil, "escalate": .inspection, "reopen": nil],
            .inspection: ["assign": nil, "report": .rectifying, "pass": nil, "fail": nil, "close": nil, "escalate": .referred, "reopen": nil],
            .referred: ["assign": nil, "report": .rectifying, "pass": nil, "fail": nil, "close": nil, "escalate": nil, "reopen": nil],
        ]
        for (state, c) in all {
            for (name, a) in actions {
                let result = c.applying(a, on: day("2026-03-10"), by: "p", rules: rules)
                switch (result, expected[state]?[name] ?? nil) {
                case (.success(let n), .some(let want)):
                    XCTAssertEqual(n.state, want, "\(state) \(name)")
                    XCTAssertEqual(n.steps.count, c.steps.count + 1)
                    XCTAssertEqual(n.steps.last?.from, state); XCTAssertEqual(n.steps.last?.to, want)
                case (.failure(let r), .none):
                    XCTAssertTrue(r.description.hasPrefix("case C1 is \(state.label.zh) (\(state.rawValue)): "), r.description)
                case (.success(let n), .none): XCTFail("\(state) \(name) should be refused, went to \(n.state)")
                case (.failure(let r), .some): XCTFail("\(state) \(name) refused: \(r)")
                }
            }
        }
    }

    func testEscalationNeedsDelayOrFailure() {
        let all = cases()
        // 5 March: before the 9 March deadline, no failed verification → refused; after a failed one → 约谈.
        guard case .failure(let r) = all[.rectifying]!.applying(.escalate(note: "", people: 0), on: day("2026-03-05"), by: "p", rules: rules) else { return XCTFail() }
        XCTAssertTrue(r.description.contains("escalation needs the deadline passed (2026-03-09) or a failed verification"), r.description)
        XCTAssertEqual(all[.summoned]?.rung, 1); XCTAssertEqual(all[.referred]?.rung, 3)
        // People: 2 summoned at 约谈, 3 held accountable at 问责移交.
        XCTAssertEqual(all[.referred]?.outcome.summoned, 2); XCTAssertEqual(all[.referred]?.outcome.accountable, 3)
        // After 约谈 the unit reports again; the next escalation goes to 专项督察, not back to 约谈.
        let back = apply(all[.summoned]!, .report(note: ""), "2026-03-08")
        XCTAssertEqual(back.state, .rectifying)
        XCTAssertEqual(apply(back, .escalate(note: "", people: 0), "2026-03-09").state, .inspection)
        // Reopen counts and needs a reason; a step cannot be dated before the last one.
        XCTAssertEqual(apply(all[.closed]!, .reopen(reason: "反弹"), "2026-04-01").reopened, 1)
        guard case .failure = all[.closed]!.applying(.reopen(reason: ""), on: day("2026-04-01"), by: "p", rules: rules) else { return XCTFail() }
        guard case .failure(let early) = all[.closed]!.applying(.reopen(reason: "x"), on: day("2026-03-01"), by: "p", rules: rules) else { return XCTFail() }
        XCTAssertTrue(early.description.contains("before its last step"))
    }

    func testDeadlinesAndFlags() {
        let major = SupervisionCase.open(id: "C2", title: "t", region: RegionCode("140105")!, source: .alarm, severity: .major, on: day("2026-01-30"), by: "p")
        // Major: one calendar month, 31 January → 28 February.
        XCTAssertEqual(major.defaultDeadline(assignedOn: day("2026-01-31"), rules: rules), day("2026-02-28"))
        // Assigned 1 day after finding: within the 1 of 13710; 2 days after: flagged.
        let onTime = apply(major, .assign(unit: "u", deadline: nil, target: "x"), "2026-01-31")
        XCTAssertFalse(onTime.responseFlags(on: day("2026-02-03"), rules: rules).contains { $0.hasPrefix("交办超过") })
        let late = apply(major, .assign(unit: "u", deadline: nil, target: "x"), "2026-02-01")
        XCTAssertTrue(late.responseFlags(on: day("2026-02-02"), rules: rules).contains { $0.hasPrefix("交办超过1日") })
        // No report within 3 days of assignment (31 January → 3 February is 3 days: fine; 4 February is not).
        XCTAssertFalse(onTime.responseFlags(on: day("2026-02-03"), rules: rules).contains { $0.contains("3日内未报告") })
        XCTAssertTrue(onTime.responseFlags(on: day("2026-02-04"), rules: rules).contains { $0.contains("3日内未报告") })
        XCTAssertFalse(onTime.overdue(on: day("2026-02-28"))); XCTAssertTrue(onTime.overdue(on: day("2026-03-01")))
        // A deadline before the day of assignment is refused.
        guard case .failure = major.applying(.assign(unit: "u", deadline: day("2026-01-29"), target: "x"), on: day("2026-01-31"), by: "p", rules: rules) else { return XCTFail() }
    }

    func testCounters() {
        var a = cases()[.referred]!
        a.outcome.fines = 12.5; a.outcome.filed = 1
        let k = CaseCounters.of([a, cases()[.closed]!, cases()[.assigned]!], on: day("2026-03-10"))
        XCTAssertEqual(k.cases, 3); XCTAssertEqual(k.closed, 1); XCTAssertEqual(k.fines, 12.5); XCTAssertEqual(k.summoned, 2); XCTAssertEqual(k.accountable, 3)
        // The assigned one (deadline 9 March) and the referred one are open past the deadline on 10 March.
        XCTAssertEqual(k.overdue, 2)
        XCTAssertEqual(k.byState["referred"], 1); XCTAssertEqual(k.byState["found"], 0)
    }
}

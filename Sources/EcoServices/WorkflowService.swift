public import EcoAccess
public import EcoCore
public import EcoKit
public import EcoStore
public import Foundation

/// One row of the reporting status grid: a unit with its status, who moved it last, its deadline and checks.
public struct UnitRow: Sendable {
    /// The region reporting.
    public var region: Region
    /// Its status (open or draft when nothing is stored: draft once it has values).
    public var status: ReportStatus
    /// When the status last changed (nil: never).
    public var updatedAt: Date?
    /// Who changed it last.
    public var updatedBy: String?
    /// The reason of the last return.
    public var reason: String?
    /// The last day to submit.
    public var deadline: CivilDay?
    /// True when not yet submitted after the deadline.
    public var overdue: Bool
    /// Values stored for the unit.
    public var values: Int
    /// Indicators that apply to the region's level.
    public var applicable: Int
    /// Value changes audited since the unit's last approval.
    public var changedSinceApproval: Int
    /// Failed error rules at the last check.
    public var errors: Int
    /// Failed warning rules at the last check.
    public var warnings: Int
}

/// The reporting workflow (issue 12): the status grid, validation, the five actions, the reporter's form.
extension Services {
    /// The status of every current region's unit of a framework in `year`, province first, then cities each followed
    /// by its counties.
    public func workflowGrid(framework id: String, year: Int) async throws -> [UnitRow] {
        let fw = try await framework(id)
        let tree = try await tree()
        let states = Dictionary(try await store.reportStates(framework: id, year: year).map { ($0.unit.region, $0) }, uniquingKeysWith: { a, _ in a })
        var counts: [RegionCode: Int] = [:]
        for o in try await store.observations(ObservationQuery(framework: id, years: year...year)) { counts[o.key.region, default: 0] += 1 }
        let changed = try await store.changesSinceApproval(framework: id, year: year)
        var checks: [RegionCode: [StoredViolation]] = [:]
        for r in try await store.validationRecords(framework: id, year: year) { checks[r.unit.region] = r.violations }
        let today = CivilDay(date: clock(), utcOffsetHours: 8)
        var ordered: [Region] = tree.current(level: .province)
        for city in tree.current(level: .city) {
            ordered.append(city)
            ordered += tree.current(level: .county, parent: city.code)
        }
        return ordered.map { r in
            let state = states[r.code]
            let status = state?.status ?? ((counts[r.code] ?? 0) > 0 ? .draft : .open)
            let deadline = fw.reporting?.deadline(level: r.level, year: year)
            let v = checks[r.code] ?? []
            return UnitRow(region: r, status: status, updatedAt: state?.updatedAt, updatedBy: state?.updatedBy, reason: state?.reason,
                           deadline: deadline, overdue: status < .submitted && deadline.map { today > $0 } == true,
                           values: counts[r.code] ?? 0, applicable: fw.indicators.filter { $0.levels.contains(r.level) }.count,
                           changedSinceApproval: changed[r.code] ?? 0,
                           errors: v.filter { $0.violation.importance == .error }.count,
                           warnings: v.filter { $0.violation.importance == .warning }.count)
        }
    }

    /// The current status of one unit.
    public func unitStatus(_ unit: ReportUnit) async throws -> ReportStatus {
        if let s = try await store.reportStates(framework: unit.framework, year: unit.year).first(where: { $0.unit.region == unit.region }) {
            return s.status
        }
        let values = try await store.observations(ObservationQuery(framework: unit.framework, region: unit.region, years: unit.year...unit.year, limit: 1))
        return values.isEmpty ? .open : .draft
    }

    /// Runs the framework's validation rules over one unit's stored values (the previous year and the siblings
    /// read too).
    public func validate(framework id: String, region code: RegionCode, year: Int) async throws -> [RuleViolation] {
        let fw = try await framework(id)
        let tree = try await tree()
        var values: [ObservationKey: Double] = [:]
        for o in try await store.observations(ObservationQuery(framework: id, years: (year - 1)...year)) where !o.isIncomplete {
            if let n = o.value.number { values[o.key] = n }
        }
        return ValidationRun.violations(framework: fw, tree: tree, region: code, year: year) { ind, region, y in
            values[ObservationKey(framework: id, indicator: ind, region: region, year: y)]
        }
    }

    /// Runs the rules over a unit and stores the result (the on-demand check), keeping earlier comments.
    public func checkUnit(framework id: String, region text: String, year: Int, by account: Account?) async throws -> [StoredViolation] {
        let tree = try await tree()
        let region = try tree.region(typed: text)
        if let account, !AccessRules.inScope(account, region.code, tree: tree) {
            throw ServiceError.forbidden("\(account.name) may not check \(region.code.rawValue) \(region.name.zh): it is outside \(account.region.rawValue)")
        }
        let unit = ReportUnit(framework: id, region: region.code, year: year)
        let old = try await store.validationRecords(framework: id, year: year).first { $0.unit == unit }
        var comments: [String: String] = [:]
        for v in old?.violations ?? [] { if let c = v.comment { comments[v.violation.commentKey] = c } }
        let stored = try await validate(framework: id, region: region.code, year: year).map { StoredViolation(violation: $0, comment: comments[$0.commentKey]) }
        try await store.saveValidation(ValidationRecord(unit: unit, checkedAt: clock(), violations: stored))
        return stored
    }

    /// Carries out a workflow action on a unit for an account: the permission and state rules (`AccessRules.check`),
    /// on submit the validation rules (an error refuses; every warning needs a comment in `comments`, keyed
    /// `rule@indicator`), then the compare-and-set transition with its audit record. Refusals are
    /// `ServiceError.forbidden` (403), `.conflict` (409) or `.invalid` (400/422).
    @discardableResult
    public func perform(_ action: WorkflowAction, framework id: String, region text: String, year: Int, by account: Account,
                        reason: String?, comments: [String: String] = [:]) async throws -> ReportState {
        guard ValueRules.years.contains(year) else { throw ServiceError.invalid("year must be \(ValueRules.years.lowerBound)–\(ValueRules.years.upperBound), got \(year)") }
        _ = try await framework(id)
        let tree = try await tree()
        let region = try tree.region(typed: text)
        let unit = ReportUnit(framework: id, region: region.code, year: year)
        let stored = try await store.reportStates(framework: id, year: year)
        let current = stored.first { $0.unit.region == region.code }
        let status: ReportStatus
        if let s = current?.status { status = s } else { status = try await unitStatus(unit) }
        // The level above's own status ends the right to unapprove (the province approves itself: none).
        var approverStatus: ReportStatus?
        if let approver = AccessRules.approvingRegion(of: region, tree: tree) {
            if let s = stored.first(where: { $0.unit.region == approver.code })?.status { approverStatus = s } else {
                approverStatus = try await unitStatus(ReportUnit(framework: id, region: approver.code, year: year))
            }
        }
        let target: ReportStatus
        switch AccessRules.check(action, by: account, region: region, tree: tree, status: status, approverStatus: approverStatus, reason: reason) {
        case .success(let t): target = t
        case .failure(let refusal):
            switch refusal.kind {
            case .forbidden: throw ServiceError.forbidden(refusal.message)
            case .conflict: throw ServiceError.conflict(refusal.message)
            case .invalid: throw ServiceError.invalid(refusal.message)
            }
        }
        if action == .submit {
            let violations = try await validate(framework: id, region: region.code, year: year)
            let clean = comments.mapValues { AuditText.clean($0).trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.value.isEmpty }
            let record = ValidationRecord(unit: unit, checkedAt: clock(),
                                          violations: violations.map { StoredViolation(violation: $0, comment: clean[$0.commentKey]) })
            try await store.saveValidation(record)
            let errors = violations.filter { $0.importance == .error }
            if !errors.isEmpty {
                throw ServiceError.invalid("\(region.code.rawValue) \(region.name.zh) \(year) cannot be submitted: \(errors.count) rule\(errors.count == 1 ? "" : "s") failed — "
                    + errors.map { $0.message.zh }.joined(separator: "; "))
            }
            let missing = violations.filter { $0.importance == .warning && clean[$0.commentKey] == nil }
            if !missing.isEmpty {
                throw ServiceError.invalid("\(region.code.rawValue) \(region.name.zh) \(year) cannot be submitted: \(missing.count) warning\(missing.count == 1 ? " needs" : "s need") a comment ("
                    + missing.map { "\($0.commentKey): \($0.message.zh)" }.joined(separator: "; ") + ")")
            }
        }
        let cleanReason = reason.map(AuditText.clean).flatMap { $0.isEmpty ? nil : $0 }
        let state = ReportState(unit: unit, status: target, updatedAt: clock(), updatedBy: account.name, reason: action == .return ? cleanReason : nil)
        var ctx = context(reason: cleanReason.map { "\(action.rawValue): \($0)" } ?? action.rawValue)
        ctx.actor = AuditText.clean(account.name)
        let audit = AuditRecord(key: ObservationKey(framework: id, indicator: AuditRecord.workflowIndicator, region: region.code, year: year),
                                old: status.rawValue, new: target.rawValue, source: nil, context: ctx)
        guard try await store.transition(to: state, expected: current?.status, audit: audit) else {
            throw ServiceError.conflict("\(region.code.rawValue) \(region.name.zh) \(year) was changed by someone else meanwhile: reload and try again")
        }
        return state
    }

    /// One entry of the reporter's form: the typed text, the note, and the version the reporter saw (0: empty).
    public struct FormEntry: Sendable {
        /// The indicator.
        public var indicator: String
        /// The value as typed (empty: leave the cell as it is).
        public var text: String
        /// The note.
        public var note: String?
        /// The stored version the form showed.
        public var version: Int

        /// Creates an entry.
        public init(indicator: String, text: String, note: String?, version: Int) {
            self.indicator = indicator
            self.text = text
            self.note = note
            self.version = version
        }
    }

    /// Saves the values a reporter typed into the form of one unit: each checked by the import's rule
    /// (`ValueRules.parse`), the account's right to report the region, and the versions the form showed (a cell
    /// someone else changed meanwhile refuses the whole form with the current value named). Returns what was written.
    public func saveForm(framework id: String, region text: String, year: Int, entries: [FormEntry], by account: Account) async throws -> WriteSummary {
        let fw = try await framework(id)
        let tree = try await tree()
        let region = try tree.region(typed: text)
        guard AccessRules.mayReport(account, region, tree: tree) else {
            throw ServiceError.forbidden("\(account.name) (\(account.role.rawValue), \(account.region.rawValue)) may not report figures of \(region.code.rawValue) \(region.name.zh)")
        }
        guard ValueRules.years.contains(year) else { throw ServiceError.invalid("year must be \(ValueRules.years.lowerBound)–\(ValueRules.years.upperBound), got \(year)") }
        var writes: [Observation] = []
        var expected: [ObservationKey: Int] = [:]
        var problems: [String] = []
        for e in entries {
            let typed = e.text.trimmingCharacters(in: .whitespaces)
            guard !typed.isEmpty else { continue }
            guard let ind = fw.indicator(e.indicator), ind.levels.contains(region.level) else {
                problems.append("\(e.indicator): not an indicator of \(region.level.rawValue)s in \(fw.id)")
                continue
            }
            switch ValueRules.parse(typed, for: ind) {
            case .failure(let p): problems.append("\(ind.name.zh) (\(ind.id)): \(p.message(.zh))")
            case .success(let value):
                let key = ObservationKey(framework: id, indicator: ind.id, region: region.code, year: year)
                let note = e.note.map(AuditText.clean).flatMap { $0.isEmpty ? nil : $0 }
                writes.append(Observation(key: key, value: value, source: "web form", note: note))
                expected[key] = e.version
            }
        }
        if !problems.isEmpty { throw ServiceError.invalid("nothing was saved: " + problems.joined(separator: "; ")) }
        var ctx = context(reason: "web form", expectedVersions: expected)
        ctx.actor = AuditText.clean(account.name)
        do {
            return try await store.write(writes, policy: .replace, context: ctx)
        } catch let e as StoreError {
            switch e {
            case .stale, .locked: throw ServiceError.conflict(e.description)
            default: throw e
            }
        }
    }
}

extension CivilDay {
    /// The calendar day of an instant at a fixed offset from UTC (China Standard Time is +8, no daylight saving).
    init(date: Date, utcOffsetHours: Int) {
        let seconds = Int((date.timeIntervalSince1970 + Double(utcOffsetHours * 3600)).rounded(.down))
        self.init(index: Int((Double(seconds) / 86_400).rounded(.down)))
    }
}

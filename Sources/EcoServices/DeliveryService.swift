public import EcoAccess
public import EcoCore
public import EcoDelivery
import EcoIngest
import EcoDemo
public import EcoKit
import EcoStore
public import Foundation

/// The delivery use cases (issue #16): rules, programmes, departments, projects, task lists and supervision cases.
/// Who may do what: the province (administrators and the province reviewer) imports, assigns, verifies, closes and
/// escalates; a department's accounts report their own tasks' and projects' progress and their cases' rectification.
extension Services {
    /// The province roles: administrators and the province reviewer (accounting inputs, delivery assignments).
    public static func checkProvinceRole(_ account: Account, doing what: String) throws {
        guard AccessRules.mayAdminister(account) || account.role == .provinceReviewer else {
            throw ServiceError.forbidden("\(account.name) (\(account.role.rawValue)) may not \(what): administrators and the province reviewer may")
        }
    }

    /// A department's own work: one of its accounts, or a province role.
    static func checkDepartmentRole(_ account: Account, department id: String, departments: [Department], doing what: String) throws {
        if AccessRules.mayAdminister(account) || account.role == .provinceReviewer { return }
        guard let d = departments.first(where: { $0.id == id }), d.accounts.contains(account.name) else {
            throw ServiceError.forbidden("\(account.name) may not \(what): only the accounts of department \(id) and the province may")
        }
    }

    /// The rules in force: the province's stored rules, else the built-in ones.
    public func deliveryRules() async throws -> DeliveryRules {
        if let r = try await store.deliveryRecords(.rules).first { return try r.decode(DeliveryRules.self) }
        return try BuiltinData.deliveryRules()
    }

    /// Replaces the rules (province roles), checked like the built-in file.
    public func importDeliveryRules(_ data: Data, file: String, account: Account) async throws -> DeliveryRules {
        try Self.checkProvinceRole(account, doing: "change the delivery rules")
        let r: DeliveryRules
        do { r = try BuiltinData.deliveryRules(data, file: file) } catch { throw ServiceError.invalid("\(error)") }
        try await store.saveDeliveryRecords([try .of(.rules, id: "current", r)], expected: [:])
        return r
    }

    /// The 专栏 items: the built-in list with the province's edits by id.
    public func programmes() async throws -> [ProgrammeItem] {
        var byId = Dictionary(uniqueKeysWithValues: try BuiltinData.programmes().map { ($0.id, $0) })
        for r in try await store.deliveryRecords(.programme) { byId[r.id] = try r.decode(ProgrammeItem.self) }
        return byId.values.sorted { ($0.column, Int($0.id.split(separator: ".").last ?? "") ?? 0) < ($1.column, Int($1.id.split(separator: ".").last ?? "") ?? 0) }
    }

    /// Stored records of a kind, decoded.
    func records<T: Decodable>(_ kind: DeliveryKind, _ type: T.Type) async throws -> [T] {
        try await store.deliveryRecords(kind).map { try $0.decode(T.self) }
    }

    /// The departments.
    public func departments() async throws -> [Department] { try await records(.department, Department.self) }
    /// The projects.
    public func projects() async throws -> [Project] { try await records(.project, Project.self) }
    /// The tasks, optionally of one year.
    public func tasks(year: Int? = nil) async throws -> [DeliveryTask] {
        try await records(.task, DeliveryTask.self).filter { year == nil || $0.year == year }
    }
    /// The supervision cases.
    public func cases() async throws -> [SupervisionCase] { try await records(.supervisionCase, SupervisionCase.self) }

    /// Imports departments (province roles), all or nothing; returns how many. Each import of this file takes a CSV
    /// file or an .xlsx workbook (its first sheet, or `sheet`).
    public func importDepartments(_ data: Data, file: String, account: Account, sheet: String? = nil) async throws -> Int {
        try Self.checkProvinceRole(account, doing: "import departments")
        let table = try Self.tabular(data, file: file, sheet: sheet)
        let r = DeliveryCSV.readDepartments(table.data, file: file, tree: try await tree())
        guard r.problems.isEmpty else { throw FileRefused(problems: Array(r.problems.prefix(20)).map(table.locate), count: r.problems.count) }
        try await store.saveDeliveryRecords(try r.value.map { try .of(.department, id: $0.id, $0) }, expected: [:])
        return r.value.count
    }

    /// Imports projects (province roles), all or nothing; a re-imported project keeps its reports.
    public func importProjects(_ data: Data, file: String, account: Account, sheet: String? = nil) async throws -> Int {
        try Self.checkProvinceRole(account, doing: "import projects")
        let table = try Self.tabular(data, file: file, sheet: sheet)
        let r = DeliveryCSV.readProjects(table.data, file: file, tree: try await tree(), programmes: Set(try await programmes().map(\.id)),
                                         departments: Set(try await departments().map(\.id)))
        guard r.problems.isEmpty else { throw FileRefused(problems: Array(r.problems.prefix(20)).map(table.locate), count: r.problems.count) }
        let old = Dictionary(uniqueKeysWithValues: try await projects().map { ($0.id, $0) })
        let merged = r.value.map { p in var p = p; p.reports = old[p.id]?.reports ?? []; return p }
        try await store.saveDeliveryRecords(try merged.map { try .of(.project, id: $0.id, $0) }, expected: [:])
        return merged.count
    }

    /// Imports a task list (province roles), all or nothing; a re-imported task keeps its updates, escalations and closure.
    public func importTasks(_ data: Data, file: String, account: Account, sheet: String? = nil) async throws -> Int {
        try Self.checkProvinceRole(account, doing: "import task lists")
        let table = try Self.tabular(data, file: file, sheet: sheet)
        let r = DeliveryCSV.readTasks(table.data, file: file, tree: try await tree(), departments: Set(try await departments().map(\.id)))
        guard r.problems.isEmpty else { throw FileRefused(problems: Array(r.problems.prefix(20)).map(table.locate), count: r.problems.count) }
        let old = Dictionary(uniqueKeysWithValues: try await tasks().map { ($0.id, $0) })
        let merged = r.value.map { t in
            var t = t
            if let o = old[t.id] { t.updates = o.updates; t.escalations = o.escalations; t.closedOn = o.closedOn; t.closedBy = o.closedBy }
            return t
        }
        try await store.saveDeliveryRecords(try merged.map { try .of(.task, id: $0.id, $0) }, expected: [:])
        return merged.count
    }

    /// Today in China Standard Time, from the injected clock.
    public var today: CivilDay { CivilDay.china(clock()) }

    /// Writes one changed record, refusing when someone else changed it since it was read.
    func save<T: Encodable>(_ kind: DeliveryKind, id: String, _ value: T, before: DeliveryRecord) async throws {
        do { try await store.saveDeliveryRecords([try .of(kind, id: id, value)], expected: [id: before.document]) } catch let e as StoreError {
            throw ServiceError.conflict(e.description)
        }
    }

    /// The stored record of an id, or "no such …".
    func record(_ kind: DeliveryKind, _ id: String, what: String) async throws -> DeliveryRecord {
        guard let r = try await store.deliveryRecords(kind).first(where: { $0.id == id }) else { throw ServiceError.invalid("there is no \(what) '\(id.prefix(60))'") }
        return r
    }

    /// A department reports a task's completion (0…100 %, not below the last report) with a note and evidence.
    public func updateTask(_ id: String, completion: Double, note: String, evidence: [String], account: Account) async throws -> DeliveryTask {
        let rec = try await record(.task, id, what: "task")
        var t = try rec.decode(DeliveryTask.self)
        try Self.checkDepartmentRole(account, department: t.lead, departments: try await departments(), doing: "report task \(id)")
        guard (0...100).contains(completion), completion.isFinite else { throw ServiceError.invalid("completion \(completion) must be 0 to 100 %") }
        guard t.closedOn == nil else { throw ServiceError.conflict("task \(id) is closed (已销号)") }
        if let last = t.updates.last, completion < last.completion { throw ServiceError.invalid("completion \(NumberText.shortest(completion)) % is below the last report (\(NumberText.shortest(last.completion)) % on \(last.on))") }
        t.updates.append(TaskUpdate(on: today, completion: completion, note: AuditText.clean(note), evidence: evidence.map(AuditText.clean), by: account.name))
        try await save(.task, id: id, t, before: rec)
        return t
    }

    /// The province verifies a task reported complete and closes it (销号).
    public func closeTask(_ id: String, account: Account) async throws -> DeliveryTask {
        try Self.checkProvinceRole(account, doing: "close tasks")
        let rec = try await record(.task, id, what: "task")
        var t = try rec.decode(DeliveryTask.self)
        guard t.closedOn == nil else { throw ServiceError.conflict("task \(id) is already closed") }
        guard t.completion(on: today) >= 100 else { throw ServiceError.conflict("task \(id) is at \(NumberText.shortest(t.completion(on: today))) %: only a task reported complete can be closed") }
        t.closedOn = today; t.closedBy = account.name
        try await save(.task, id: id, t, before: rec)
        return t
    }

    /// Issues the ladder rung due for every open task on `day` (default today) that has not had it yet; returns them.
    public func escalateTasks(on day: CivilDay? = nil, account: Account) async throws -> [(task: DeliveryTask, rung: LadderRung)] {
        try Self.checkProvinceRole(account, doing: "escalate tasks")
        let d = day ?? today
        let rules = try await deliveryRules()
        var out: [(DeliveryTask, LadderRung)] = []
        var recs: [DeliveryRecord] = []
        var expected: [String: String] = [:]
        for rec in try await store.deliveryRecords(.task) {
            var t = try rec.decode(DeliveryTask.self)
            guard let rung = t.rungToIssue(on: d, rules: rules) else { continue }
            t.escalations.append(TaskEscalation(rung: rung.id, on: d, overdueDays: Schedule.overdueDays(deadline: t.deadline, on: d), by: account.name))
            recs.append(try .of(.task, id: t.id, t))
            expected[t.id] = rec.document
            out.append((t, rung))
        }
        do { try await store.saveDeliveryRecords(recs, expected: expected) } catch let e as StoreError { throw ServiceError.conflict(e.description) }
        return out
    }

    /// A department reports a project's progress for a period `YYYY-MM`.
    public func reportProject(_ id: String, period: String, completion: Double, investmentDone: Double?, note: String, account: Account) async throws -> Project {
        let rec = try await record(.project, id, what: "project")
        var p = try rec.decode(Project.self)
        try Self.checkDepartmentRole(account, department: p.leadDepartment, departments: try await departments(), doing: "report project \(id)")
        guard Project.periodEnd(period) != nil else { throw ServiceError.invalid("period '\(period.prefix(20))' is not YYYY-MM") }
        guard (0...100).contains(completion) else { throw ServiceError.invalid("completion \(completion) must be 0 to 100 %") }
        if let v = investmentDone, !(0...1e9).contains(v) { throw ServiceError.invalid("investment \(v) must be 0 to 10^9 万元") }
        p.reports.removeAll { $0.period == period }
        p.reports.append(ProjectReport(period: period, completion: completion, investmentDone: investmentDone, note: AuditText.clean(note), evidence: [], by: account.name))
        p.reports.sort { $0.period < $1.period }
        if let v = investmentDone { p.investmentDone = v }
        if completion >= 100 { p.status = .completed } else if p.status == .planned, completion > 0 { p.status = .underway }
        try await save(.project, id: id, p, before: rec)
        return p
    }
}

extension Services {
    /// Loads the delivery demo (synthetic): departments, projects and the current year's tasks through the import
    /// readers, their progress up to today, and a year of supervision cases. Returns (departments, projects, tasks, cases).
    @discardableResult
    public func loadDeliveryDemo(seed: UInt64) async throws -> (Int, Int, Int, Int) {
        let tree = try await tree()
        let rules = try await deliveryRules()
        let programmes = try await programmes()
        let texts = DeliveryDemo.texts(seed: seed, today: today, tree: tree, programmes: programmes)
        func refused(_ p: [FileProblem]) -> FileRefused { FileRefused(problems: Array(p.prefix(20)), count: p.count) }
        let deps = DeliveryCSV.readDepartments(Data((texts["departments.csv"] ?? "").utf8), file: "departments.csv", tree: tree)
        guard deps.problems.isEmpty else { throw refused(deps.problems) }
        let ids = Set(deps.value.map(\.id))
        let projects = DeliveryCSV.readProjects(Data((texts["projects.csv"] ?? "").utf8), file: "projects.csv", tree: tree, programmes: Set(programmes.map(\.id)), departments: ids)
        let tasks = DeliveryCSV.readTasks(Data((texts["tasks.csv"] ?? "").utf8), file: "tasks.csv", tree: tree, departments: ids)
        guard projects.problems.isEmpty else { throw refused(projects.problems) }
        guard tasks.problems.isEmpty else { throw refused(tasks.problems) }
        let (ps, ts) = DeliveryDemo.progress(projects: projects.value, tasks: tasks.value, today: today, seed: seed, rules: rules)
        let cases = DeliveryDemo.cases(count: 36, today: today, seed: seed, tree: tree, rules: rules)
        var records = try deps.value.map { try DeliveryRecord.of(.department, id: $0.id, $0) }
        records += try ps.map { try DeliveryRecord.of(.project, id: $0.id, $0) }
        records += try ts.map { try DeliveryRecord.of(.task, id: $0.id, $0) }
        records += try cases.map { try DeliveryRecord.of(.supervisionCase, id: $0.id, $0) }
        try await store.saveDeliveryRecords(records, expected: [:])
        return (deps.value.count, ps.count, ts.count, cases.count)
    }
}

public import EcoCore
public import EcoDelivery
import EcoKit
public import Foundation

/// The delivery files (issue #16). Headers are fixed; any problem refuses the whole file, each as
/// `FILE:LINE:COLUMN: reason`. Lists inside a cell are separated by `;`; a milestone is `YYYY-MM-DD title`.
///
/// - Departments: `id,name_zh,name_en,region,accounts[,synthetic]`.
/// - Projects: `id,name,programme,region,lead_department,investment_planned,investment_done,start,end,indicators,status[,milestones,evidence,synthetic]`
///   — investments in 万元, status `planned`/`underway`/`completed`/`suspended` (or 计划/在建/已完工/暂停).
/// - Tasks: `id,year,title,source,region,lead,supporting,responsible,start,deadline[,milestones,synthetic]`.
public enum DeliveryCSV {
    /// The headers, required then optional.
    public static let departmentHeader = (required: ["id", "name_zh", "name_en", "region", "accounts"], optional: ["synthetic"])
    /// Projects.
    public static let projectHeader = (required: ["id", "name", "programme", "region", "lead_department", "investment_planned", "investment_done", "start", "end",
                                                  "indicators", "status"], optional: ["milestones", "evidence", "synthetic"])
    /// Tasks.
    public static let taskHeader = (required: ["id", "year", "title", "source", "region", "lead", "supporting", "responsible", "start", "deadline"],
                                    optional: ["milestones", "synthetic"])

    /// An id: 1 to 60 letters, digits, `-`, `_` or `.`.
    public static func isIdentifier(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 60 && s.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) && $0.isASCII || "-_.".unicodeScalars.contains($0) }
    }

    /// Reads departments.
    public static func readDepartments(_ data: Data, file: String, tree: RegionTree) -> AccountingCSV.Read<[Department]> {
        var t: FixedTable
        switch FixedTable.open(data, file: file, required: departmentHeader.required, optional: departmentHeader.optional) {
        case .success(let x): t = x
        case .failure(let p): return ([], p.list)
        }
        var out: [Department] = []
        var seen = Set<String>()
        t.rows { r in
            let before = r.problems.count
            let id = r.identifier("id")
            let zh = r.required("name_zh", max: 100), en = r.required("name_en", max: 100)
            let region = r.region(tree: tree)
            let accounts = r.list("accounts")
            if let id, !seen.insert(id).inserted { r.bad("id", "department \(id) appears twice") }
            guard r.problems.count == before, let id, let region else { return }
            out.append(Department(id: id, name: LocalizedText(zh: zh, en: en), region: region, accounts: accounts, synthetic: r.synthetic))
        }
        return (out, t.problems)
    }

    /// Reads projects; `programmes` and `departments` are the known ids.
    public static func readProjects(_ data: Data, file: String, tree: RegionTree, programmes: Set<String>, departments: Set<String>) -> AccountingCSV.Read<[Project]> {
        var t: FixedTable
        switch FixedTable.open(data, file: file, required: projectHeader.required, optional: projectHeader.optional) {
        case .success(let x): t = x
        case .failure(let p): return ([], p.list)
        }
        var out: [Project] = []
        var seen = Set<String>()
        let statuses = Dictionary(uniqueKeysWithValues: ProjectStatus.allCases.flatMap { [($0.rawValue, $0), ($0.label.zh, $0)] })
        t.rows { r in
            let before = r.problems.count
            let id = r.identifier("id")
            let name = r.required("name", max: 200)
            let programme = r.text("programme")
            if !programmes.contains(programme) { r.bad("programme", "programme '\(programme.prefix(40))' is not a 专栏 item such as 2.3 (see ecoprov project programmes)") }
            let region = r.region(tree: tree)
            let lead = r.text("lead_department")
            if !departments.contains(lead) { r.bad("lead_department", "lead_department '\(lead.prefix(40))' is not a known department (import departments first)") }
            let planned = r.number("investment_planned", 0...1e9, unit: " 万元")
            let done = r.number("investment_done", 0...1e9, unit: " 万元")
            let start = r.day("start"), end = r.day("end")
            if let start, let end, end < start { r.bad("end", "end \(end) is before start \(start)") }
            let status = statuses[r.text("status")]
            if status == nil { r.bad("status", "status '\(r.text("status").prefix(40))' is not planned, underway, completed or suspended") }
            let milestones = r.milestones("milestones")
            if let id, !seen.insert(id).inserted { r.bad("id", "project \(id) appears twice") }
            guard r.problems.count == before, let id, let region, let planned, let done, let start, let end, let status else { return }
            out.append(Project(id: id, name: name, programme: programme, region: region, leadDepartment: lead, investmentPlanned: planned, investmentDone: done,
                               start: start, end: end, milestones: milestones, indicators: r.list("indicators"), status: status, evidence: r.list("evidence"),
                               reports: [], synthetic: r.synthetic))
        }
        return (out, t.problems)
    }

    /// Reads a task list; `departments` are the known ids.
    public static func readTasks(_ data: Data, file: String, tree: RegionTree, departments: Set<String>) -> AccountingCSV.Read<[DeliveryTask]> {
        var t: FixedTable
        switch FixedTable.open(data, file: file, required: taskHeader.required, optional: taskHeader.optional) {
        case .success(let x): t = x
        case .failure(let p): return ([], p.list)
        }
        var out: [DeliveryTask] = []
        var seen = Set<String>()
        t.rows { r in
            let before = r.problems.count
            let id = r.identifier("id")
            let year = r.year()
            let title = r.required("title", max: 300), source = r.required("source", max: 100)
            let region = r.region(tree: tree)
            let lead = r.text("lead")
            if !departments.contains(lead) { r.bad("lead", "lead '\(lead.prefix(40))' is not a known department (import departments first)") }
            let supporting = r.list("supporting")
            for s in supporting where !departments.contains(s) { r.bad("supporting", "supporting department '\(s.prefix(40))' is not known") }
            let responsible = r.required("responsible", max: 100)
            let start = r.day("start"), deadline = r.day("deadline")
            if let start, let deadline, deadline < start { r.bad("deadline", "deadline \(deadline) is before start \(start)") }
            let milestones = r.milestones("milestones")
            if let id, !seen.insert(id).inserted { r.bad("id", "task \(id) appears twice") }
            guard r.problems.count == before, let id, let year, let region, let start, let deadline else { return }
            out.append(DeliveryTask(id: id, year: year, title: title, source: source, region: region, lead: lead, supporting: supporting, responsible: responsible,
                                    start: start, deadline: deadline, milestones: milestones, updates: [], closedOn: nil, closedBy: nil, escalations: [],
                                    synthetic: r.synthetic))
        }
        return (out, t.problems)
    }
}

extension FixedTable.Row {
    /// An id (see `DeliveryCSV.isIdentifier`).
    mutating func identifier(_ name: String) -> String? {
        let v = text(name)
        guard DeliveryCSV.isIdentifier(v) else { bad(name, "\(name) '\(v.prefix(40))' must be 1 to 60 letters, digits, -, _ or ."); return nil }
        return v
    }

    /// A day `YYYY-MM-DD`.
    mutating func day(_ name: String) -> CivilDay? {
        let v = text(name)
        guard let d = CivilDay(v), (2000...2100).contains(d.year) else { bad(name, "\(name) '\(v.prefix(40))' is not a day YYYY-MM-DD from 2000 to 2100"); return nil }
        return d
    }

    /// A `;`-separated list, empty items dropped.
    func list(_ name: String) -> [String] {
        text(name).split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Milestones `YYYY-MM-DD title; …`.
    mutating func milestones(_ name: String) -> [Milestone] {
        var out: [Milestone] = []
        for item in list(name) {
            let day = CivilDay(String(item.prefix(10)))
            let title = item.dropFirst(10).trimmingCharacters(in: .whitespaces)
            guard let day, !title.isEmpty, title.count <= 200 else { bad(name, "milestone '\(item.prefix(40))' is not 'YYYY-MM-DD title'"); continue }
            out.append(Milestone(due: day, title: title))
        }
        return out
    }
}

extension BuiltinData {
    /// The built-in delivery rules (`data/delivery/rules-shanxi.json`), checked.
    public static func deliveryRules() throws -> DeliveryRules { try loadedDeliveryRules.get() }

    /// The outline's engineering columns 专栏1–5 (`data/delivery/programmes.json`).
    public static func programmes() throws -> [ProgrammeItem] { try loadedProgrammes.get() }

    static let loadedDeliveryRules = Result { () throws -> DeliveryRules in
        try deliveryRules(Data(contentsOf: try url("delivery/rules-shanxi.json")), file: "rules-shanxi.json")
    }
    static let loadedProgrammes = Result { () throws -> [ProgrammeItem] in
        struct File: Decodable { let items: [ProgrammeItem] }
        return try JSONDecoder().decode(File.self, from: Data(contentsOf: try url("delivery/programmes.json"))).items
    }

    /// Rules from a JSON file, refused with one sentence naming the file and the problem.
    public static func deliveryRules(_ data: Data, file: String) throws -> DeliveryRules {
        let r: DeliveryRules
        do { r = try JSONDecoder().decode(DeliveryRules.self, from: data) } catch {
            throw Missing(description: "\(file): not delivery rules (\(decodingProblem(error)))")
        }
        if let p = r.problem { throw Missing(description: "\(file): \(p)") }
        return r
    }
}

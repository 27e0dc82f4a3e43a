public import EcoCore
public import EcoEnterprise
import EcoKit
import EcoStandards
public import Foundation

/// The enterprise files (issue #17). Headers are fixed; any problem refuses the whole file, each as
/// `FILE:LINE:COLUMN: reason`.
///
/// - Penalties (行政处罚): `enterprise,date,decision_number,legal_basis,fine,closed` — enterprise = the unified social
///   credit code (GB 32100-2015, check character verified), date `YYYY-MM-DD`, fine in yuan (0 for a warning, at most
///   10^9), closed `true`/`false` (the decision ordered closure or suspension). A decision number appears once.
public enum EnterpriseCSV {
    /// The risk-source header; `substances` is `name:max_t:critical_t` items separated by `;`.
    public static let riskSourceHeader = (required: ["id", "enterprise", "name", "region", "process", "substances", "process_score", "air_e", "water_e", "lon", "lat"],
                                          optional: ["synthetic"])
    /// The sensitive-target header; kind `intake`, `school`, `hospital` or `protected`.
    public static let targetHeader = (required: ["id", "name", "kind", "region", "lon", "lat"], optional: ["synthetic"])
    /// The emergency-resource header; kind `stockpile`, `team` or `expert`.
    public static let resourceHeader = (required: ["id", "name", "kind", "capacity", "region", "lon", "lat", "contact"], optional: ["synthetic"])
    /// The emergency-plan header; level general/larger/major/especially-major (or 一般/较大/重大/特别重大).
    public static let planHeader = (required: ["id", "enterprise", "filed", "expires", "level"], optional: ["synthetic"])
    /// The incident header; time `YYYY-MM-DDThh:mm`, enterprise a credit code or empty.
    public static let incidentHeader = (required: ["id", "time", "lon", "lat", "region", "kind", "level", "response", "enterprise"], optional: ["synthetic"])
    /// Target kinds.
    public static let targetKinds = ["intake", "school", "hospital", "protected"]
    /// Resource kinds.
    public static let resourceKinds = ["stockpile", "team", "expert"]

    /// The penalty header (fixed by the issue).
    public static let penaltyHeader = ["enterprise", "date", "decision_number", "legal_basis", "fine", "closed"]

    /// The `enterprise` cell: a unified social credit code whose GB 32100-2015 check character is right, of a
    /// registered enterprise.
    static func checkEnterprise(_ r: inout FixedTable.Row, _ code: String, _ known: (String) -> Bool) {
        if let p = CreditCode.problem(code) { r.bad("enterprise", "enterprise '\(code.prefix(40))': \(p)") } else if !known(code) {
            r.bad("enterprise", "enterprise \(code) is not registered (ecoprov sources import FILE --kind enterprises)")
        }
    }

    /// Reads penalty decisions as credit records; `known` says whether a credit code is a registered enterprise.
    public static func readPenalties(_ data: Data, file: String, known: (String) -> Bool) -> AccountingCSV.Read<[CreditRecord]> {
        var t: FixedTable
        switch FixedTable.open(data, file: file, required: penaltyHeader) {
        case .success(let x): t = x
        case .failure(let p): return ([], p.list)
        }
        var out: [CreditRecord] = []
        var seen = Set<String>()
        t.rows { r in
            let before = r.problems.count
            let code = r.text("enterprise")
            checkEnterprise(&r, code, known)
            let day = r.day("date")
            let number = r.required("decision_number", max: 100)
            if !number.isEmpty, !seen.insert(number).inserted { r.bad("decision_number", "decision \(number) appears twice") }
            let basis = r.required("legal_basis", max: 300)
            let fine = r.number("fine", 0...1e9, unit: " yuan")
            let closedText = r.text("closed").lowercased()
            let closed: Bool? = ["true", "1", "yes", "是"].contains(closedText) ? true : ["false", "0", "no", "否"].contains(closedText) ? false : nil
            if closed == nil { r.bad("closed", "closed '\(closedText.prefix(20))' must be true or false") }
            guard r.problems.count == before, let day, let fine, let closed else { return }
            out.append(CreditRecord(enterprise: code, input: .penalty, reference: number, day: day, text: basis, fine: fine, closed: closed))
        }
        return (out, t.problems)
    }
}

extension EnterpriseCSV {
    /// Reads risk sources; `known` says whether a credit code is a registered enterprise.
    public static func readRiskSources(_ data: Data, file: String, tree: RegionTree, known: (String) -> Bool) -> AccountingCSV.Read<[RiskSource]> {
        var t: FixedTable
        switch FixedTable.open(data, file: file, required: riskSourceHeader.required, optional: riskSourceHeader.optional) {
        case .success(let x): t = x
        case .failure(let p): return ([], p.list)
        }
        var out: [RiskSource] = []
        var seen = Set<String>()
        t.rows { r in
            let before = r.problems.count
            let id = r.identifier("id")
            if let id, !seen.insert(id).inserted { r.bad("id", "risk source \(id) appears twice") }
            let code = r.text("enterprise")
            checkEnterprise(&r, code, known)
            let name = r.required("name", max: 200), process = r.required("process", max: 300)
            let region = r.region(tree: tree)
            var substances: [RiskSubstance] = []
            for item in r.list("substances") {
                let parts = item.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 3, !parts[0].isEmpty, parts[0].count <= 100, case .success(let q) = StrictDecimal.parse(parts[1]), case .success(let c) = StrictDecimal.parse(parts[2]),
                      (0...1e7).contains(q), c > 0, c <= 1e7 else {
                    r.bad("substances", "substance '\(item.prefix(60))' must be name:max_t:critical_t with 0 ≤ max ≤ 10^7 and 0 < critical ≤ 10^7"); continue
                }
                substances.append(RiskSubstance(name: parts[0], maxQuantity: q, criticalQuantity: c))
            }
            let m = r.number("process_score", 0...100)
            let air = r.number("air_e", 1...3), water = r.number("water_e", 1...3)
            for (name, v) in [("air_e", air), ("water_e", water)] where v.map({ $0 != $0.rounded() }) ?? false { r.bad(name, "\(name) must be 1, 2 or 3") }
            let lon = r.number("lon", -180...180), lat = r.number("lat", -90...90)
            guard r.problems.count == before, let id, let region, let m, let air, let water, let lon, let lat else { return }
            out.append(RiskSource(id: id, enterprise: code, name: name, region: region, process: process, substances: substances, processScore: m,
                                  airSensitivity: Int(air), waterSensitivity: Int(water), location: GeoPoint(lon: lon, lat: lat), synthetic: r.synthetic))
        }
        return (out, t.problems)
    }

    /// Reads sensitive targets.
    public static func readTargets(_ data: Data, file: String, tree: RegionTree) -> AccountingCSV.Read<[SensitiveTarget]> {
        var t: FixedTable
        switch FixedTable.open(data, file: file, required: targetHeader.required, optional: targetHeader.optional) {
        case .success(let x): t = x
        case .failure(let p): return ([], p.list)
        }
        var out: [SensitiveTarget] = []
        var seen = Set<String>()
        t.rows { r in
            let before = r.problems.count
            let id = r.identifier("id")
            if let id, !seen.insert(id).inserted { r.bad("id", "target \(id) appears twice") }
            let name = r.required("name", max: 200), kind = r.text("kind")
            if !targetKinds.contains(kind) { r.bad("kind", "kind '\(kind.prefix(20))' must be one of " + targetKinds.joined(separator: ", ")) }
            let region = r.region(tree: tree)
            let lon = r.number("lon", -180...180), lat = r.number("lat", -90...90)
            guard r.problems.count == before, let id, let region, let lon, let lat else { return }
            out.append(SensitiveTarget(id: id, name: name, kind: kind, region: region, location: GeoPoint(lon: lon, lat: lat), synthetic: r.synthetic))
        }
        return (out, t.problems)
    }

    /// Reads emergency resources.
    public static func readResources(_ data: Data, file: String, tree: RegionTree) -> AccountingCSV.Read<[EmergencyResource]> {
        var t: FixedTable
        switch FixedTable.open(data, file: file, required: resourceHeader.required, optional: resourceHeader.optional) {
        case .success(let x): t = x
        case .failure(let p): return ([], p.list)
        }
        var out: [EmergencyResource] = []
        var seen = Set<String>()
        t.rows { r in
            let before = r.problems.count
            let id = r.identifier("id")
            if let id, !seen.insert(id).inserted { r.bad("id", "resource \(id) appears twice") }
            let name = r.required("name", max: 200), kind = r.text("kind"), capacity = r.required("capacity", max: 300), contact = r.required("contact", max: 100)
            if !resourceKinds.contains(kind) { r.bad("kind", "kind '\(kind.prefix(20))' must be one of " + resourceKinds.joined(separator: ", ")) }
            let region = r.region(tree: tree)
            let lon = r.number("lon", -180...180), lat = r.number("lat", -90...90)
            guard r.problems.count == before, let id, let region, let lon, let lat else { return }
            out.append(EmergencyResource(id: id, name: name, kind: kind, capacity: capacity, region: region, location: GeoPoint(lon: lon, lat: lat), contact: contact, synthetic: r.synthetic))
        }
        return (out, t.problems)
    }
}

extension EnterpriseCSV {
    /// A level cell: the id or the Chinese name.
    static func level(_ r: inout FixedTable.Row) -> EmergencyLevel? {
        let t = r.text("level")
        if let l = EmergencyLevel.allCases.first(where: { $0.rawValue == t || $0.label.zh == t }) { return l }
        r.bad("level", "level '\(t.prefix(20))' must be one of " + EmergencyLevel.allCases.map(\.rawValue).joined(separator: ", ") + " (or 一般/较大/重大/特别重大)")
        return nil
    }

    /// Reads emergency plans; `known` says whether a credit code is a registered enterprise.
    public static func readPlans(_ data: Data, file: String, known: (String) -> Bool) -> AccountingCSV.Read<[EmergencyPlan]> {
        var t: FixedTable
        switch FixedTable.open(data, file: file, required: planHeader.required, optional: planHeader.optional) {
        case .success(let x): t = x
        case .failure(let p): return ([], p.list)
        }
        var out: [EmergencyPlan] = []
        var seen = Set<String>()
        t.rows { r in
            let before = r.problems.count
            let id = r.required("id", max: 100)
            if !id.isEmpty, !seen.insert(id).inserted { r.bad("id", "plan \(id) appears twice") }
            let code = r.text("enterprise")
            checkEnterprise(&r, code, known)
            let filed = r.day("filed"), expires = r.day("expires")
            if let f = filed, let e = expires, e < f { r.bad("expires", "expires \(e) is before filed \(f)") }
            let level = level(&r)
            guard r.problems.count == before, let filed, let expires, let level else { return }
            out.append(EmergencyPlan(id: id, enterprise: code, filed: filed, expires: expires, level: level, synthetic: r.synthetic))
        }
        return (out, t.problems)
    }

    /// Reads incidents; `known` says whether a credit code is a registered enterprise (an empty one is allowed).
    public static func readIncidents(_ data: Data, file: String, tree: RegionTree, known: (String) -> Bool) -> AccountingCSV.Read<[Incident]> {
        var t: FixedTable
        switch FixedTable.open(data, file: file, required: incidentHeader.required, optional: incidentHeader.optional) {
        case .success(let x): t = x
        case .failure(let p): return ([], p.list)
        }
        var out: [Incident] = []
        var seen = Set<String>()
        t.rows { r in
            let before = r.problems.count
            let id = r.identifier("id")
            if let id, !seen.insert(id).inserted { r.bad("id", "incident \(id) appears twice") }
            let time = r.text("time")
            let parts = time.split(separator: "T", omittingEmptySubsequences: false)
            let day = parts.count == 2 ? CivilDay(String(parts[0])) : nil
            let clock = parts.count == 2 ? parts[1].split(separator: ":").compactMap { Int($0) } : []
            if day == nil || clock.count != 2 || parts[1].count != 5 || !(0...23).contains(clock[0]) || !(0...59).contains(clock[1]) || !(2000...2100).contains(day?.year ?? 0) {
                r.bad("time", "time '\(time.prefix(30))' is not YYYY-MM-DDThh:mm from 2000 to 2100")
            }
            let lon = r.number("lon", -180...180), lat = r.number("lat", -90...90)
            let region = r.region(tree: tree)
            let kind = r.required("kind", max: 100), response = r.required("response", max: 1000)
            let level = level(&r)
            let code = r.text("enterprise")
            if !code.isEmpty {
                checkEnterprise(&r, code, known)
            }
            guard r.problems.count == before, let id, let day, let lon, let lat, let region, let level else { return }
            out.append(Incident(id: id, time: time, day: day, location: GeoPoint(lon: lon, lat: lat), region: region, kind: kind, level: level, response: response,
                                enterprise: code.isEmpty ? nil : code, synthetic: r.synthetic))
        }
        return (out, t.problems)
    }
}

extension BuiltinData {
    /// The HJ 941-2018 classification rules (`data/enterprise/risk-hj941.json`).
    public static func riskRules() throws -> RiskRules { try loadedRiskRules.get() }

    static let loadedRiskRules = Result { () throws -> RiskRules in
        let file = "risk-hj941.json"
        let r: RiskRules
        do { r = try JSONDecoder().decode(RiskRules.self, from: Data(contentsOf: try url("enterprise/" + file))) } catch let e as Missing { throw e } catch {
            throw Missing(description: "\(file): not risk rules (\(decodingProblem(error)))")
        }
        if let p = r.problem { throw Missing(description: "\(file): \(p)") }
        return r
    }

    /// The built-in credit schemes (`data/enterprise/credit-schemes.json`).
    public static func creditSchemes() throws -> [CreditScheme] { try loadedCreditSchemes.get() }

    static let loadedCreditSchemes = Result { () throws -> [CreditScheme] in
        try creditSchemes(Data(contentsOf: try url("enterprise/credit-schemes.json")), file: "credit-schemes.json")
    }

    /// Schemes from a file `{"schemes": [...]}`, each checked.
    public static func creditSchemes(_ data: Data, file: String) throws -> [CreditScheme] {
        struct File: Decodable { let schemes: [CreditScheme] }
        let f: File
        do { f = try JSONDecoder().decode(File.self, from: data) } catch { throw Missing(description: "\(file): not credit schemes (\(decodingProblem(error)))") }
        guard !f.schemes.isEmpty, Set(f.schemes.map(\.id)).count == f.schemes.count else { throw Missing(description: "\(file): schemes must be at least one, with distinct ids") }
        for s in f.schemes { if let p = s.problem { throw Missing(description: "\(file): scheme \(s.id.prefix(40)): \(p)") } }
        return f.schemes
    }
}

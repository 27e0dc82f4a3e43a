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
    /// The penalty header (fixed by the issue).
    public static let penaltyHeader = ["enterprise", "date", "decision_number", "legal_basis", "fine", "closed"]

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
            if let p = CreditCode.problem(code) { r.bad("enterprise", "enterprise '\(code.prefix(40))': \(p)") } else if !known(code) {
                r.bad("enterprise", "enterprise \(code) is not registered (ecoprov sources import FILE --kind enterprises)")
            }
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

extension BuiltinData {
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

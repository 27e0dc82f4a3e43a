public import EcoCore
public import EcoStore
public import EcoKit
import Foundation

/// The kinds of record the enterprise facet keeps, one JSON document per (kind, id).
public enum EnterpriseKind: String, Sendable, Codable, CaseIterable {
    /// A credit record (penalty decision, complaint, one-vote item …), by its reference.
    case creditRecord = "credit-record"
    /// A stored rating of an enterprise and year (`YEAR/CODE`), with its procedure state.
    case rating
    /// A credit scheme replacing or adding to the built-in ones, by its id.
    case scheme
    /// An environmental risk source (风险源) with its HJ 941 inputs.
    case riskSource = "risk-source"
    /// A sensitive target (drinking-water intake, school, hospital, protected area).
    case target
    /// An emergency plan (应急预案) on file.
    case plan
    /// An emergency resource (stockpile, team, expert).
    case resource
    /// An environmental incident (突发环境事件).
    case incident
}

/// A stored record (a document by kind and id).
public typealias EnterpriseRecord = DocumentRecord<EnterpriseKind>

/// The enterprise domain's store facet: credit records, ratings and schemes as documents by kind and id. Every
/// backend implements it and passes the enterprise checks of `EcoStoreConformance`.
public protocol EnterpriseStore: Sendable {
    /// Inserts or replaces `records` in one transaction; with `expected` (an id's previous document), the write is
    /// refused with `StoreError.database` if that stored document changed meanwhile (no lost update).
    func saveEnterpriseRecords(_ records: [EnterpriseRecord], expected: [String: String]) async throws
    /// The records of a kind, in id order.
    func enterpriseRecords(_ kind: EnterpriseKind) async throws -> [EnterpriseRecord]
}

/// The enterprise facet's table, as every backend stores it (for `ecoprov store copy`).
public enum EnterpriseTables {
    /// One table of documents.
    public static let all: [StoredTable] = [
        StoredTable(name: "enterprise_record", columns: [.init("kind", .text), .init("id", .text), .init("document", .text)], key: ["kind", "id"]),
    ]
}

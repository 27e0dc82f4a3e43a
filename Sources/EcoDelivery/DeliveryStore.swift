public import EcoCore
public import EcoStore
public import EcoKit
import Foundation

/// The kinds of record the delivery facet keeps, one JSON document per (kind, id).
public enum DeliveryKind: String, Sendable, Codable, CaseIterable {
    /// A programme item (专栏), edited from the built-in list.
    case programme
    /// A project with its reports.
    case project
    /// A task with its updates and escalations.
    case task
    /// A department.
    case department
    /// A supervision case with its steps.
    case supervisionCase = "case"
    /// The province's rules (id `current`), replacing the built-in ones.
    case rules
}

/// A stored record (a document by kind and id).
public typealias DeliveryRecord = DocumentRecord<DeliveryKind>

/// The delivery domain's store facet: projects, tasks, departments, cases, programme edits and rules as documents by
/// kind and id. Every backend implements it and passes the delivery checks of `EcoStoreConformance`.
public protocol DeliveryStore: Sendable {
    /// Inserts or replaces `records` in one transaction. When `expected` is given (a case's or task's previous
    /// document, by id), the write is refused with `StoreError.database` if the stored document of that id (same kind) changed meanwhile, so that two people acting on one case cannot overwrite each other.
    func saveDeliveryRecords(_ records: [DeliveryRecord], expected: [String: String]) async throws
    /// The records of a kind, in id order.
    func deliveryRecords(_ kind: DeliveryKind) async throws -> [DeliveryRecord]
}

/// The delivery facet's table, as every backend stores it (for `ecoprov store copy`).
public enum DeliveryTables {
    /// One table of documents.
    public static let all: [StoredTable] = [
        StoredTable(name: "delivery_record", columns: [.init("kind", .text), .init("id", .text), .init("document", .text)], key: ["kind", "id"]),
    ]
}

extension DeliveryTask: CompleteKeysEncodable {}
extension Project: CompleteKeysEncodable {}
extension SupervisionCase: CompleteKeysEncodable {}
extension Department: CompleteKeysEncodable {}
extension ProgrammeItem: CompleteKeysEncodable {}
extension CaseStep: CompleteKeysEncodable {}
extension ProjectReport: CompleteKeysEncodable {}
extension TaskUpdate: CompleteKeysEncodable {}
extension TaskEscalation: CompleteKeysEncodable {}
extension Milestone: CompleteKeysEncodable {}

public import EcoCore
public import EcoStore
public import EcoKit
import Foundation

/// The kinds of input the accounting facet stores, one document per (kind, region, year).
public enum AccountingInputKind: String, Sendable, Codable, CaseIterable {
    /// Energy rows (`carbon import --kind energy`).
    case energy
    /// Electricity rows.
    case electricity
    /// GDP rows.
    case gdp
    /// GEP rows (`gep import`).
    case gep
}

/// The accounting domain's store facet: factor sets, the inputs by kind, region and year, and the protected-area
/// registry. Every backend implements it and passes the accounting checks of `EcoStoreConformance`.
public protocol AccountingStore: Sendable {
    /// Replaces, in one transaction, every (kind, region, year) present in `documents` with its rows (JSON of the
    /// kind's row type): re-importing a file changes nothing, importing another year adds it.
    func replaceAccountingInputs(kind: AccountingInputKind, documents: [AccountingDocument]) async throws
    /// The stored documents of a kind, optionally of one year, in (region, year) order.
    func accountingInputs(kind: AccountingInputKind, year: Int?) async throws -> [AccountingDocument]
    /// Inserts or replaces a factor set by id.
    func saveFactorSet(_ set: FactorSet) async throws
    /// The user's factor sets, by id.
    func factorSets() async throws -> [FactorSet]
    /// Inserts or updates protected areas by id, in one transaction.
    func upsertProtectedAreas(_ areas: [ProtectedArea]) async throws
    /// Every protected area, in id order.
    func protectedAreas() async throws -> [ProtectedArea]
}

/// The rows of one (kind, region, year), as JSON.
public struct AccountingDocument: Sendable, Hashable {
    /// The region.
    public var region: RegionCode
    /// The year.
    public var year: Int
    /// The rows, JSON.
    public var rows: String

    /// Creates a document.
    public init(region: RegionCode, year: Int, rows: String) { self.region = region; self.year = year; self.rows = rows }

    /// Groups rows by region and year into documents.
    public static func of<R: Encodable>(_ rows: [R], region: (R) -> RegionCode, year: (R) -> Int) throws -> [AccountingDocument] {
        let groups = Dictionary(grouping: rows) { "\(region($0).rawValue)/\(year($0))" }
        return try groups.keys.sorted().compactMap { k in
            guard let list = groups[k], let first = list.first else { return nil }
            return AccountingDocument(region: region(first), year: year(first), rows: try StoreJSON.encode(list))
        }
    }

    /// The rows back.
    public func decode<R: Decodable>(_ type: R.Type) throws -> [R] {
        do { return try StoreJSON.decode(rows) as [R] } catch { throw StoreError.database("stored accounting rows (\(region), \(year)) cannot be read: \(error)") }
    }
}

/// The accounting facet's tables, as every backend stores them (for `ecoprov store copy`).
public enum AccountingTables {
    /// Inputs, factor sets, protected areas.
    public static let all: [StoredTable] = [
        StoredTable(name: "accounting_input", columns: [.init("kind", .text), .init("region", .text), .init("year", .integer), .init("rows", .text)],
                    key: ["kind", "region", "year"]),
        StoredTable(name: "factor_set", columns: [.init("id", .text), .init("document", .text)], key: ["id"]),
        StoredTable(name: "protected_area", columns: [.init("id", .text), .init("document", .text)], key: ["id"]),
    ]
}

// Every document writes every key, `null` for a figure that cannot be computed (the CLI's JSON, the API, the OpenAPI
// schemas and the stored documents alike).
extension FuelLine: CompleteKeysEncodable {}
extension CarbonAccount: CompleteKeysEncodable {}
extension PeakProjection: CompleteKeysEncodable {}
extension PeakProjection.Point: CompleteKeysEncodable {}
extension FuelFactor: CompleteKeysEncodable {}
extension GridFactor: CompleteKeysEncodable {}
extension FactorSet: CompleteKeysEncodable {}
extension GEPLine: CompleteKeysEncodable {}
extension GEPAccountResult: CompleteKeysEncodable {}
extension GEPResult: CompleteKeysEncodable {}
extension ProtectedShare: CompleteKeysEncodable {}

import EcoAir
import EcoCore
import EcoServices
import EcoStore
import EcoStoreSQLite
import Foundation

/// A temporary database initialised with the built-in data.
struct TempDatabase {
    let dir: URL
    let store: SQLiteStore

    static func make() async throws -> TempDatabase {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecoprov-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: dir.appendingPathComponent("db.sqlite").path)
        _ = try await Bootstrap.initialize(store, actor: "test", at: Date(timeIntervalSince1970: 1_750_000_000))
        return TempDatabase(dir: dir, store: store)
    }

    func remove() { try? FileManager.default.removeItem(at: dir) }

    func shanxi() async throws -> (Framework, RegionTree) {
        guard let fw = try await store.framework(id: "shanxi-2021", version: nil) else { throw CocoaError(.fileNoSuchFile) }
        return (fw, RegionTree(try await store.regions()))
    }
}

let testContext = ChangeContext(actor: "tester", at: Date(timeIntervalSince1970: 1_760_000_000), reason: "test")

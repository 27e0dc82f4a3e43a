import EcoAir
import EcoCore
import EcoStore
import Foundation
import Hummingbird
import NIOCore

/// A rendered response: what the handlers produce, so that it can be cached and replayed.
struct Rendered: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: ByteBuffer

    var response: Response { Response(status: status, headers: headers, body: .init(byteBuffer: body)) }
}

/// Rendered GET responses keyed by path and query, valid for one store revision. Pages and API answers are pure
/// functions of (revision, request), so a hit is exact; a write anywhere bumps the revision and retires them all.
/// Bounded: past `limit` entries the cache starts over.
final class ResponseCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: (revision: Int, value: Rendered)] = [:]
    private let limit = 2048

    func get(_ key: String, revision: Int) -> Rendered? {
        lock.lock()
        defer { lock.unlock() }
        guard let e = entries[key], e.revision == revision else { return nil }
        return e.value
    }

    func put(_ key: String, revision: Int, _ value: Rendered) {
        lock.lock()
        defer { lock.unlock() }
        if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
        entries[key] = (revision, value)
    }
}

/// The store's revision, read at most every `interval` seconds: a read per request would cost more than serving a
/// cached page. This server's own writes call `invalidate()`, so they show at once; another process's writes to
/// the same database show within `interval` (0.25 s).
final class RevisionClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value = -1
    private var checkedAt: UInt64 = 0
    private let interval: UInt64 = 250_000_000

    func current(_ store: any EcoStore) async throws -> Int {
        try await current { try await store.revision() }
    }

    /// The counter `read` returns, read at most every `interval`.
    func current(_ read: () async throws -> Int) async throws -> Int {
        let now = DispatchTime.now().uptimeNanoseconds
        let known: Int? = lock.withLock { value >= 0 && now &- checkedAt < interval ? value : nil }
        if let known { return known }
        let fresh = try await read()
        lock.withLock {
            value = fresh
            checkedAt = now
        }
        return fresh
    }

    func invalidate() {
        lock.withLock { value = -1 }
    }
}

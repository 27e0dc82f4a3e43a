public import EcoSources
public import EcoStandards
public import Foundation
import Synchronization

/// The acquisition server's write path, independent of the network: frames accepted by the intake wait here, a
/// flush every few milliseconds evaluates their alarms and writes them in one transaction (`SourceWriteBatch`),
/// and only then are their acknowledgements sent — a 9014 means the data is stored, and a lost batch is re-sent by
/// the device (HJ 212-2017 §6.5: an upload with Flag bit A is repeated until answered). Refused frames are kept as
/// raw evidence only, never as data.
///
/// Thread-safe: the network threads call `submit` and `refuse` under a lock; one task calls `flush`.
public final class SourcesIngest: Sendable {
    /// An accepted frame waiting to be stored.
    public struct Pending: Sendable {
        /// The intake's result.
        public var intake: SourceIntake
        /// The frame's evidence record.
        public var record: SourcePacketRecord
        /// Called with true once the batch holding it is stored (a failed batch is kept and written again later).
        public var completion: @Sendable (Bool) -> Void

        /// Creates a pending frame.
        public init(intake: SourceIntake, record: SourcePacketRecord, completion: @escaping @Sendable (Bool) -> Void) {
            self.intake = intake
            self.record = record
            self.completion = completion
        }
    }

    struct State {
        var index: SourceIndex
        var pending: [Pending] = []
        var refused: [SourcePacketRecord] = []
        var active: [SourceAlarm] = []
        var splits = SplitTracker()
        /// When each device's state was last written: a device's last-seen time is written at most every 30 s
        /// unless its status items change (writing it with every frame doubled the cost of a batch).
        var stateWritten: [String: Double] = [:]
        var stored = 0
        var failedBatches = 0
    }

    private let state: Mutex<State>
    private let services: Services
    /// The rules in force.
    public let policy: SourcesPolicy
    /// Most frames written in one transaction.
    public let maxBatch: Int

    /// An ingest over the store's registry and active alarms.
    public init(services: Services, policy: SourcesPolicy, maxBatch: Int = 20_000) async throws {
        self.services = services
        self.policy = policy
        self.maxBatch = maxBatch
        let index = SourceIndex(try await services.store.sourceRegistry())
        let active = try await services.store.sourceAlarms(activeOnly: true)
        state = Mutex(State(index: index, active: active))
    }

    /// The registry in force.
    public var index: SourceIndex { state.withLock { $0.index } }

    /// Reads the registry again (after an import).
    public func reload() async throws {
        let index = SourceIndex(try await services.store.sourceRegistry())
        state.withLock { $0.index = index }
    }

    /// The CRC variant of the device a segment names (standard for an unknown one).
    public func crcVariant(segment: [UInt8]) -> HJ212CRCVariant {
        guard let mn = SourceIntake.mn(in: segment) else { return .standard }
        return state.withLock { $0.index.devices[mn]?.crc ?? .standard }
    }

    /// The intake of a segment against the registry in force.
    public func accept(_ segment: [UInt8]) -> SourceIntake { SourceIntake.accept(segment, index: index) }

    /// Queues an accepted frame.
    public func submit(_ p: Pending) { state.withLock { $0.pending.append(p) } }

    /// Queues a refused frame's evidence.
    public func refuse(_ record: SourcePacketRecord) { state.withLock { $0.refused.append(record) } }

    /// Frames waiting to be written.
    public var backlog: Int { state.withLock { $0.pending.count + $0.refused.count } }

    /// Frames stored so far, and batches that failed.
    public var counts: (stored: Int, failedBatches: Int) { state.withLock { ($0.stored, $0.failedBatches) } }

    /// Writes what is waiting (at most `maxBatch` frames), then completes the frames. Returns the frames written.
    @discardableResult
    public func flush() async -> Int {
        let (batch, refused, index, active) = state.withLock { s -> ([Pending], [SourcePacketRecord], SourceIndex, [SourceAlarm]) in
            let n = min(s.pending.count, maxBatch)
            let b = Array(s.pending.prefix(n))
            s.pending.removeFirst(n)
            let r = s.refused
            s.refused.removeAll()
            return (b, r, s.index, s.active)
        }
        guard !batch.isEmpty || !refused.isEmpty else { return 0 }
        let readings = batch.flatMap(\.intake.readings)
        let alarms = AlarmEvaluation.evaluate(readings, index: index, policy: policy, active: active)
        var devices: [String: DeviceStatus] = [:]
        for p in batch {
            guard let mn = p.intake.packet?.mn else { continue }
            var d = devices[mn] ?? DeviceStatus(mn: mn, lastSeen: nil, peer: nil, status: [:])
            d.lastSeen = max(d.lastSeen ?? 0, p.record.receivedAt.timeIntervalSince1970)
            d.peer = p.record.peer
            d.status.merge(p.intake.status) { _, b in b }
            devices[mn] = d
        }
        let due = state.withLock { s in
            devices.values.filter { d in !d.status.isEmpty || (d.lastSeen ?? 0) - (s.stateWritten[d.mn] ?? 0) >= 30 }.sorted { $0.mn < $1.mn }
        }
        let write = SourceWriteBatch(readings: readings, packets: batch.map(\.record) + refused, devices: due, alarms: alarms)
        do {
            try await services.store.writeSourceBatch(write)
        } catch {
            // Kept for the next flush (a device answered on receipt must not lose its data); counted.
            state.withLock { s in
                s.failedBatches += 1
                s.pending.insert(contentsOf: batch, at: 0)
                s.refused.insert(contentsOf: refused, at: 0)
            }
            return 0
        }
        state.withLock { s in
            for d in due { s.stateWritten[d.mn] = d.lastSeen ?? 0 }
            s.stored += batch.count
            var byId = Dictionary(s.active.map { ($0.id, $0) }, uniquingKeysWith: { _, b in b })
            for a in alarms { byId[a.id] = a }
            s.active = byId.values.filter(\.isActive)
            for p in batch { if let packet = p.intake.packet { _ = s.splits.record(packet, at: p.record.receivedAt) } }
        }
        for p in batch { p.completion(true) }
        return batch.count
    }

    /// Takes alarm changes made elsewhere (a handler closing one) into the active set.
    public func reloadAlarms() async throws {
        let active = try await services.store.sourceAlarms(activeOnly: true)
        state.withLock { $0.active = active }
    }

    /// Split sets that timed out incomplete since the last call, with their missing packet numbers.
    public func expiredSplits(now: Date) -> [(mn: String, cn: String, missing: [Int])] {
        state.withLock { $0.splits.expire(at: now) }
    }

    /// Flushes every `interval` until cancelled, then once more.
    /// Active alarms are read again every `alarmRefresh`, so a handler's close is seen by the next exceedance.
    public func run(interval: Duration = .milliseconds(20), alarmRefresh: Duration = .seconds(5)) async {
        let clock = ContinuousClock()
        var refreshed = clock.now
        while !Task.isCancelled {
            if clock.now - refreshed > alarmRefresh { try? await reloadAlarms(); refreshed = clock.now }
            let n = await flush()
            if n < maxBatch { try? await Task.sleep(for: interval) }
        }
        // The last batches in a task of their own: the store refuses work in a cancelled task.
        await Task { while await self.flush() > 0 {} }.value
    }
}

public import EcoCore

/// What a stored cell holds, as far as deciding a write goes.
public struct StoredContent: Sendable, Hashable {
    /// The value.
    public var value: ObservationValue
    /// Its source.
    public var source: String?
    /// Its note.
    public var note: String?
    /// Its certainty's raw value.
    public var certainty: String?
    /// True for synthetic demo data.
    public var synthetic: Bool

    /// Creates the content of a cell.
    public init(value: ObservationValue, source: String?, note: String?, certainty: String?, synthetic: Bool) {
        self.value = value
        self.source = source
        self.note = note
        self.certainty = certainty
        self.synthetic = synthetic
    }

    /// The content an observation would store.
    public init(_ o: Observation) {
        self.init(value: o.value, source: o.source, note: o.note, certainty: o.certainty?.rawValue, synthetic: o.synthetic)
    }
}

/// The one rule of what a batch of writes does, cell by cell, shared by every backend: the policy decides whether an
/// existing cell is touched, an identical content counts as unchanged, and every other write is stored and audited
/// (a changed source or note with the same value included). A later row of the batch for the same cell is compared
/// with the earlier one.
public struct ObservationWritePlan: Sendable {
    /// One cell to store, with the value it held (nil when new) for the audit record.
    public struct Change: Sendable {
        /// The observation to store.
        public var observation: Observation
        /// The value it replaces.
        public var oldValue: ObservationValue?
        /// The version it is stored with.
        public var version: Int
    }

    /// The counts.
    public var summary = WriteSummary()
    /// The cells to store and audit, in the batch's order.
    public var changes: [Change] = []
    /// Cells whose stored version is not the one the writer based its edit on.
    public var stale: [RefusedCell] = []
    /// Changed cells of locked units.
    public var locked: [RefusedCell] = []

    /// The refusal of the whole batch, when it has stale or locked cells (stale first: the writer must reload).
    public var refusal: StoreError? {
        if !stale.isEmpty { return .stale(stale) }
        if !locked.isEmpty { return .locked(locked) }
        return nil
    }

    /// Plans `writes` against the stored contents and versions of the cells they can touch, the versions the writer
    /// expects (`ChangeContext.expectedVersions`) and the units that are locked.
    public init(_ writes: [Observation], existing: [ObservationKey: StoredContent], policy: WritePolicy,
                versions: [ObservationKey: Int] = [:], expected: [ObservationKey: Int] = [:], locked lockedUnits: Set<ReportUnit> = []) {
        var existing = existing
        var versions = versions
        for w in writes {
            let old = existing[w.key]
            let version = versions[w.key] ?? 0
            if let e = expected[w.key], e != version {
                stale.append(RefusedCell(key: w.key, current: old?.value, currentVersion: version, expectedVersion: e))
                continue
            }
            if let old {
                switch policy {
                case .keepExisting:
                    summary.kept += 1
                    continue
                case .keepReal where !old.synthetic:
                    summary.kept += 1
                    continue
                default: break
                }
                if old == StoredContent(w) {
                    summary.unchanged += 1
                    continue
                }
                summary.updated += 1
            } else {
                summary.inserted += 1
            }
            if lockedUnits.contains(ReportUnit(w.key)) {
                locked.append(RefusedCell(key: w.key, current: old?.value, currentVersion: version, expectedVersion: nil))
                continue
            }
            changes.append(Change(observation: w, oldValue: old?.value, version: version + 1))
            existing[w.key] = StoredContent(w)
            versions[w.key] = version + 1
        }
    }
}

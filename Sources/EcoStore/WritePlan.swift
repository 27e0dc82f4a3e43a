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
    }

    /// The counts.
    public var summary = WriteSummary()
    /// The cells to store and audit, in the batch's order.
    public var changes: [Change] = []

    /// Plans `writes` against the stored contents of the cells they can touch.
    public init(_ writes: [Observation], existing: [ObservationKey: StoredContent], policy: WritePolicy) {
        var existing = existing
        for w in writes {
            let old = existing[w.key]
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
            changes.append(Change(observation: w, oldValue: old?.value))
            existing[w.key] = StoredContent(w)
        }
    }
}

public import EcoKit
import Foundation

/// Which indicators of different frameworks measure the same thing (issue #14), as data
/// (`data/frameworks/crosswalk.json`). A row marked `same` joins indicators with one definition and unit: a value
/// reported under one of them is a value of the others, so a region's data can be assessed under each framework and
/// the results compared row by row by meaning. A row marked `related` only places indicators side by side (a
/// different definition or unit: 森林覆盖率 and 林草覆盖率); its values are never carried across.
public struct Crosswalk: Sendable, Codable, Hashable {
    /// How closely the indicators of a row agree.
    public enum Relation: String, Sendable, Codable, Hashable {
        case same, related
    }

    /// One concept and its indicator in each framework that has it.
    public struct Row: Sendable, Codable, Hashable {
        /// What the row measures.
        public var concept: LocalizedText
        /// Framework id → indicator id.
        public var members: [String: String]
        /// Same definition and unit, or only related.
        public var relation: Relation
    }

    /// The rows, in the order shown.
    public var rows: [Row]
    /// Who compiled it and how (shown with the comparison).
    public var note: LocalizedText?
    /// Its certainty mark (A documented … C assumed), shown with the note.
    public var certainty: String?

    /// Creates a crosswalk.
    public init(rows: [Row], note: LocalizedText? = nil, certainty: String? = nil) {
        self.rows = rows
        self.note = note
        self.certainty = certainty
    }

    /// The rows that join `a` and `b` (both frameworks have a member).
    public func rows(between a: String, _ b: String) -> [Row] {
        rows.filter { $0.members[a] != nil && $0.members[b] != nil }
    }

    /// The observations of framework `source` carried to framework `target` through the `same` rows: each value of a
    /// member indicator of `source` becomes the value of the row's `target` member, with the same region, year,
    /// source and note, and a note of where it came from. Keys `target` already holds are not given.
    public func carry(_ observations: [Observation], from source: String, to target: String,
                      existing: Set<ObservationKey>) -> [Observation] {
        var map: [String: String] = [:]
        for row in rows where row.relation == .same {
            if let s = row.members[source], let t = row.members[target] { map[s] = t }
        }
        return observations.compactMap { o in
            guard o.key.framework == source, let t = map[o.key.indicator] else { return nil }
            let key = ObservationKey(framework: target, indicator: t, region: o.key.region, year: o.key.year)
            guard !existing.contains(key) else { return nil }
            var copy = o
            copy.key = key
            return copy
        }
    }

    /// Problems of the crosswalk against the frameworks: unknown framework or indicator ids, and `same` rows whose
    /// indicators differ in unit or direction. Empty when it is sound.
    public func problems(frameworks: [Framework]) -> [String] {
        let byId = Dictionary(uniqueKeysWithValues: frameworks.map { ($0.id, $0) })
        var out: [String] = []
        for (n, row) in rows.enumerated() {
            var members: [Indicator] = []
            for (fw, id) in row.members.sorted(by: { $0.key < $1.key }) {
                guard let f = byId[fw] else { out.append("row \(n + 1): unknown framework '\(fw)'"); continue }
                guard let ind = f.indicator(id) else { out.append("row \(n + 1): framework \(fw) has no indicator '\(id)'"); continue }
                members.append(ind)
            }
            if row.relation == .same, let first = members.first,
               members.contains(where: { $0.unit != first.unit || $0.direction != first.direction }) {
                out.append("row \(n + 1) (\(row.concept.zh)): marked same but the units or directions differ")
            }
        }
        return out
    }
}

public import EcoCore
public import EcoStore
import Foundation

extension Services {
    /// Writes a domain feed's values into the framework, in one transaction — the one rule every feed follows:
    /// synthetic values never replace real ones (`keepReal`), real computed values replace what is there, and a
    /// value marked incomplete (`Observation.incompletePrefix`) never replaces a complete real value (a published or
    /// reported figure); those are counted as kept.
    public func feed(_ fed: [Observation], framework fw: Framework, year: Int, synthetic: Bool, reason: String) async throws -> WriteSummary {
        let existing = try await store.observations(ObservationQuery(framework: fw.id, years: year...year))
        let solid = Set(existing.filter { !$0.isIncomplete && !$0.synthetic }.map(\.key))
        let writes = fed.filter { !$0.isIncomplete || !solid.contains($0.key) }
        var written = try await store.write(writes, policy: synthetic ? .keepReal : .replace, context: context(reason: reason))
        written.kept += fed.count - writes.count
        return written
    }
}

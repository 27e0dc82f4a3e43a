import EcoCore
import EcoKit
import Foundation

extension EcoStore {
    /// Loads what an assessment needs — the framework, the regions with their attributes, every observation of the
    /// framework — and builds the engine. The store only loads; the engine computes.
    public func assessmentEngine(framework id: String) async throws -> AssessmentEngine? {
        guard let fw = try await framework(id: id, version: nil) else { return nil }
        let tree = RegionTree(try await regions())
        let obs = try await observations(ObservationQuery(framework: id))
        return AssessmentEngine(framework: fw, tree: tree, observations: obs)
    }
}

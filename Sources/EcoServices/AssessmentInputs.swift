public import EcoCore
public import EcoStore
import Foundation

/// What an assessment needs, loaded from the store in one place: the framework, the regions with their
/// attributes, every observation of the framework. The store only loads; the engine computes.
public struct AssessmentInputs: Sendable {
    /// The latest version of the framework.
    public var framework: Framework
    /// The region tree.
    public var tree: RegionTree
    /// Every observation of the framework.
    public var observations: [Observation]

    /// Loads the inputs of a framework; nil when there is no such framework.
    public static func load(_ store: any EcoStore, framework id: String) async throws -> AssessmentInputs? {
        guard let fw = try await store.framework(id: id, version: nil) else { return nil }
        return AssessmentInputs(framework: fw, tree: RegionTree(try await store.regions()),
                                observations: try await store.observations(ObservationQuery(framework: id)))
    }

    /// The engine over these inputs.
    public var engine: AssessmentEngine { AssessmentEngine(framework: framework, tree: tree, observations: observations) }
}

public import EcoAccess
public import EcoCore
public import EcoStore
import Foundation

/// Which data a reader sees. The public sees published units only; a signed-in account sees everything of its own
/// subtree and the published units elsewhere (an account scoped to the province sees everything).
public enum DataView: String, Sendable, Codable, CaseIterable {
    /// Values of published units only (the public view, the default without login).
    case published
    /// Every value (of the reader's scope).
    case `internal`

    /// 中文名称.
    public var nameZH: String { self == .published ? "已发布数据" : "内部数据（含未发布）" }
}

/// The view a reader gets: the view and, for the internal one, the subtree it covers (nil: everything).
public struct ViewScope: Sendable, Hashable {
    /// The view.
    public var view: DataView
    /// The subtree whose unpublished values are included (internal view); nil for all of them.
    public var scope: RegionCode?

    /// The public view.
    public static let published = ViewScope(view: .published, scope: nil)
    /// Everything (the CLI, an account scoped to the province).
    public static let everything = ViewScope(view: .internal, scope: nil)

    /// Creates a view scope.
    public init(view: DataView, scope: RegionCode?) {
        self.view = view
        self.scope = scope
    }

    /// The internal view of an account (everything when it is scoped to the root of the tree).
    public static func of(_ account: Account, tree: RegionTree) -> ViewScope {
        let root = tree.lineage(of: account.region).last?.code
        return ViewScope(view: .internal, scope: root == account.region ? nil : account.region)
    }

    /// The key a cache keeps the view's snapshot under.
    public var cacheKey: String { view.rawValue + ":" + (scope?.rawValue ?? "*") }
}

/// The one rule of which stored values and conditions a view shows.
public struct ViewFilter: Sendable {
    let scope: ViewScope
    let published: Set<ReportUnit>
    let tree: RegionTree

    /// The filter of a view over the stored unit states.
    public init(_ scope: ViewScope, states: [ReportState], tree: RegionTree) {
        self.scope = scope
        self.tree = tree
        published = Set(states.filter { $0.status == .published }.map(\.unit))
    }

    /// True when the view shows the values of this unit.
    public func shows(_ unit: ReportUnit) -> Bool {
        if published.contains(unit) { return true }
        guard scope.view == .internal else { return false }
        guard let root = scope.scope else { return true }
        return tree.lineage(of: unit.region).contains { $0.code == root }
    }
}

extension AssessmentInputs {
    /// Loads the inputs of a framework as a view shows them.
    public static func load(_ store: any ServiceStore, framework id: String, view: ViewScope) async throws -> AssessmentInputs? {
        guard var inputs = try await load(store, framework: id) else { return nil }
        if view == .everything { return inputs }
        let filter = ViewFilter(view, states: try await store.reportStates(framework: id, year: nil), tree: inputs.tree)
        inputs.observations = inputs.observations.filter { filter.shows(ReportUnit($0.key)) }
        return inputs
    }
}

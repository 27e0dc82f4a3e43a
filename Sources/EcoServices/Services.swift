public import EcoAccess
public import EcoAir
public import EcoCore
public import EcoStore
public import EcoWater
public import EcoAccounting
public import EcoDelivery
public import EcoEnterprise
public import EcoSources
import EcoKit
import EcoIngest
public import Foundation

/// Everything a backend must provide to the services: the core facets and every domain's facet.
public typealias ServiceStore = EcoStore & AirStore & WaterStore & AccessStore & WorkflowStore & SourcesStore & AccountingStore & DeliveryStore & EnterpriseStore

/// The use cases of the platform, shared by the CLI and the web application: one place for importing, evaluating,
/// loading demo data and building snapshots, so that both front ends do the same thing for the same request.
/// Who acts and what time it is are given, never read from the environment (tests inject a fixed clock).
public struct Services: Sendable {
    /// The store every use case reads and writes.
    public let store: any ServiceStore
    /// Who acts, for the audit trail.
    public let actor: String
    /// The clock: the time stamped on every change.
    public let clock: @Sendable () -> Date
    /// The client's address, for changes made over HTTP (kept in the audit trail).
    public var address: String?
    /// The client's user agent, for changes made over HTTP.
    public var userAgent: String?

    /// The framework used when a command or request names none.
    public static let defaultFramework = BuiltinData.shanxi

    /// The figures every domain feed offers, by feed name: what a framework's `feeds` may bind.
    public static let feedCatalogue: [String: Set<String>] = [
        AirFeed.name: Set(AirFeed.Figure.allCases.map(\.rawValue)),
        WaterFeed.name: Set(WaterFeed.Figure.allCases.map(\.rawValue)),
        AccountingFeed.carbon: Set(AccountingFeed.CarbonFigure.allCases.map(\.rawValue)),
        AccountingFeed.protected: Set(AccountingFeed.ProtectedFigure.allCases.map(\.rawValue)),
    ]

    /// Every problem of a framework file, its feed bindings checked against `feedCatalogue`.
    public static func problems(in framework: Framework) -> [FrameworkProblem] {
        FrameworkValidator.problems(in: framework, feeds: feedCatalogue)
    }

    /// Creates the services over a store, for an actor, with a clock (the system clock by default).
    public init(store: any ServiceStore, actor: String, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.actor = actor
        self.clock = clock
    }

    /// A change context for the actor at the clock's time.
    public func context(reason: String?, expectedVersions: [ObservationKey: Int] = [:]) -> ChangeContext {
        ChangeContext(actor: AuditText.clean(actor), at: clock(), reason: reason.map(AuditText.clean),
                      address: address.map(AuditText.clean), userAgent: userAgent.map(AuditText.clean), expectedVersions: expectedVersions)
    }

    /// The same services acting for another actor (a signed-in account) from a client's address and user agent.
    public func acting(as actor: String, address: String?, userAgent: String?) -> Services {
        var s = Services(store: store, actor: actor, clock: clock)
        s.address = address
        s.userAgent = userAgent
        return s
    }

    /// The latest version of a framework, or `ServiceError.unknownFramework` naming the known ones.
    public func framework(_ id: String, version: Int? = nil) async throws -> Framework {
        guard let fw = try await store.framework(id: id, version: version) else {
            // The same sentence as `engine(framework:)` gives.
            let known = try await store.latestFrameworks().map(\.id).joined(separator: ", ")
            throw ServiceError.unknownFramework(id + (version.map { " version \($0)" } ?? ""), known: known)
        }
        return fw
    }

    /// The current region tree.
    public func tree() async throws -> RegionTree { RegionTree(try await store.regions()) }

    /// The assessment engine of a framework (the store loads, the engine computes).
    public func engine(framework id: String) async throws -> AssessmentEngine {
        if let inputs = try await AssessmentInputs.load(store, framework: id) { return inputs.engine }
        let known = try await store.latestFrameworks().map(\.id).joined(separator: ", ")
        throw ServiceError.unknownFramework(id, known: known)
    }
}

/// A request the services cannot carry out, as one sentence for the user.
public enum ServiceError: Error, CustomStringConvertible, Equatable {
    /// No such framework.
    case unknownFramework(String, known: String)
    /// A region code that is malformed or unknown.
    case badRegion(String)
    /// Anything else the user asked that cannot be done, as one sentence.
    case invalid(String)
    /// The account may not do this (to this region): HTTP 403.
    case forbidden(String)
    /// The data is not in a state that allows it (locked, stale, moved on): HTTP 409.
    case conflict(String)

    public var description: String {
        switch self {
        case .unknownFramework(let id, let known): return "unknown framework '\(id)' (known: \(known))"
        case .badRegion(let text): return RegionCode(text) == nil ? "'\(text)' is not a 6-digit division code" : "unknown division code \(text)"
        case .invalid(let message), .forbidden(let message), .conflict(let message): return message
        }
    }
}

extension RegionTree {
    /// The region of a code typed by a user, or `ServiceError.badRegion`.
    public func region(typed text: String) throws -> Region {
        guard let code = RegionCode(text), let r = self[code] else { throw ServiceError.badRegion(text) }
        return r
    }
}

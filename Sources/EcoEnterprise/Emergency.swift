public import EcoCore
public import EcoKit
import Foundation

/// The levels of an emergency plan and of an incident (国家突发环境事件应急预案: 一般 / 较大 / 重大 / 特别重大).
public enum EmergencyLevel: String, Codable, Sendable, CaseIterable {
    /// 一般.
    case general
    /// 较大.
    case larger
    /// 重大.
    case major
    /// 特别重大.
    case especiallyMajor = "especially-major"

    /// The name.
    public var label: LocalizedText {
        switch self {
        case .general: return LocalizedText(zh: "一般", en: "general")
        case .larger: return LocalizedText(zh: "较大", en: "larger")
        case .major: return LocalizedText(zh: "重大", en: "major")
        case .especiallyMajor: return LocalizedText(zh: "特别重大", en: "especially major")
        }
    }
}

/// An enterprise's emergency plan on file (突发环境事件应急预案备案).
public struct EmergencyPlan: Codable, Sendable, Hashable, CompleteKeysEncodable {
    /// The 备案 number.
    public var id: String
    /// The enterprise's credit code.
    public var enterprise: String
    /// The day filed.
    public var filed: CivilDay
    /// The day it expires (must be revised by).
    public var expires: CivilDay
    /// The plan's level.
    public var level: EmergencyLevel
    /// Demo data.
    public var synthetic: Bool

    /// Creates a plan.
    public init(id: String, enterprise: String, filed: CivilDay, expires: CivilDay, level: EmergencyLevel, synthetic: Bool) {
        self.id = id; self.enterprise = enterprise; self.filed = filed; self.expires = expires; self.level = level; self.synthetic = synthetic
    }

    /// In force on `day`.
    public func valid(on day: CivilDay) -> Bool { filed <= day && day <= expires }
}

/// An environmental incident (突发环境事件).
public struct Incident: Codable, Sendable, Hashable, CompleteKeysEncodable {
    /// Unique id.
    public var id: String
    /// When it began, `YYYY-MM-DDThh:mm` China time.
    public var time: String
    /// The day it began.
    public var day: CivilDay
    /// Where.
    public var location: GeoPoint
    /// Region.
    public var region: RegionCode
    /// What happened (泄漏, 火灾次生污染 …).
    public var kind: String
    /// Its level.
    public var level: EmergencyLevel
    /// The response taken.
    public var response: String
    /// The enterprise involved (credit code), when known.
    public var enterprise: String?
    /// Demo data.
    public var synthetic: Bool

    /// Creates an incident.
    public init(id: String, time: String, day: CivilDay, location: GeoPoint, region: RegionCode, kind: String, level: EmergencyLevel, response: String,
                enterprise: String?, synthetic: Bool) {
        self.id = id; self.time = time; self.day = day; self.location = location; self.region = region; self.kind = kind; self.level = level
        self.response = response; self.enterprise = enterprise; self.synthetic = synthetic
    }
}

/// A plan's expiry status on a day.
public struct PlanExpiry: Codable, Sendable, Hashable, CompleteKeysEncodable {
    /// The plan.
    public var plan: EmergencyPlan
    /// Days until it expires (negative: expired that many days ago).
    public var daysLeft: Int
    /// `expired`, `expiring` (within the warning days) or `valid`.
    public var status: String
}

/// Plan expiry warnings.
public enum PlanWatch {
    /// Every plan's status on `day`, most urgent first; `warningDays` before the expiry a plan is `expiring`.
    public static func expiries(_ plans: [EmergencyPlan], on day: CivilDay, warningDays: Int) -> [PlanExpiry] {
        plans.map { p in
            let left = p.expires.index - day.index
            return PlanExpiry(plan: p, daysLeft: left, status: left < 0 ? "expired" : left <= warningDays ? "expiring" : "valid")
        }.sorted { ($0.daysLeft, $0.plan.id) < ($1.daysLeft, $1.plan.id) }
    }
}

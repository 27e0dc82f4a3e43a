public import EcoCore
public import EcoKit
import Foundation

/// A hazardous substance held at a risk source: its maximum quantity on site and its critical quantity (临界量) from
/// HJ 941-2018 附录 A, both in tonnes, as the enterprise's risk assessment states them.
public struct RiskSubstance: Codable, Sendable, Hashable {
    /// The substance (name, CAS number when known).
    public var name: String
    /// The most on site at any time, t.
    public var maxQuantity: Double
    /// Its critical quantity, t (> 0).
    public var criticalQuantity: Double

    /// Creates a value.
    public init(name: String, maxQuantity: Double, criticalQuantity: Double) {
        self.name = name; self.maxQuantity = maxQuantity; self.criticalQuantity = criticalQuantity
    }
}

/// An environmental risk source (环境风险源) of an enterprise: what it holds, its process and control score M, the
/// sensitivity of the air and water around it (E1 most sensitive … E3), and where it is.
public struct RiskSource: Codable, Sendable, Hashable, CompleteKeysEncodable {
    /// Unique id.
    public var id: String
    /// The enterprise's credit code.
    public var enterprise: String
    /// The enterprise's or the unit's name.
    public var name: String
    /// Region.
    public var region: RegionCode
    /// The process (生产工艺).
    public var process: String
    /// The substances.
    public var substances: [RiskSubstance]
    /// M: the process and risk-control score (HJ 941-2018 §5.2, 0–100, as assessed).
    public var processScore: Double
    /// E for air: 1, 2 or 3 (E1 most sensitive).
    public var airSensitivity: Int
    /// E for water: 1, 2 or 3.
    public var waterSensitivity: Int
    /// Where.
    public var location: GeoPoint
    /// Demo data.
    public var synthetic: Bool

    /// Creates a value.
    public init(id: String, enterprise: String, name: String, region: RegionCode, process: String, substances: [RiskSubstance], processScore: Double, airSensitivity: Int, waterSensitivity: Int, location: GeoPoint, synthetic: Bool) {
        self.id = id; self.enterprise = enterprise; self.name = name; self.region = region; self.process = process; self.substances = substances; self.processScore = processScore; self.airSensitivity = airSensitivity; self.waterSensitivity = waterSensitivity; self.location = location; self.synthetic = synthetic
    }
}

/// A sensitive target (环境敏感目标): a drinking-water intake, school, hospital or protected area.
public struct SensitiveTarget: Codable, Sendable, Hashable, CompleteKeysEncodable {
    /// Unique id.
    public var id: String
    /// Its name.
    public var name: String
    /// `intake`, `school`, `hospital` or `protected`.
    public var kind: String
    /// Region.
    public var region: RegionCode
    /// Where.
    public var location: GeoPoint
    /// Demo data.
    public var synthetic: Bool

    /// Creates a value.
    public init(id: String, name: String, kind: String, region: RegionCode, location: GeoPoint, synthetic: Bool) {
        self.id = id; self.name = name; self.kind = kind; self.region = region; self.location = location; self.synthetic = synthetic
    }
}

/// An emergency resource: a stockpile, a team or an expert, by region.
public struct EmergencyResource: Codable, Sendable, Hashable, CompleteKeysEncodable {
    /// Unique id.
    public var id: String
    /// Its name.
    public var name: String
    /// `stockpile`, `team` or `expert`.
    public var kind: String
    /// What it holds or can do (e.g. 吸附棉 2 t, 围油栏 500 m).
    public var capacity: String
    /// Region.
    public var region: RegionCode
    /// Where.
    public var location: GeoPoint
    /// Whom to call.
    public var contact: String
    /// Demo data.
    public var synthetic: Bool

    /// Creates a value.
    public init(id: String, name: String, kind: String, capacity: String, region: RegionCode, location: GeoPoint, contact: String, synthetic: Bool) {
        self.id = id; self.name = name; self.kind = kind; self.capacity = capacity; self.region = region; self.location = location; self.contact = contact; self.synthetic = synthetic
    }
}

/// The HJ 941-2018 risk classification as configuration: the Q bands, the M bands and the level matrix by E, Q and M.
public struct RiskRules: Codable, Sendable, Hashable {
    /// Q below this (1): the source is 一般 without looking further (HJ 941 §5.1).
    public var qMinimum: RuleValue<Double>
    /// Q band starts, ascending: [1, 10, 100] → Q1 = [1, 10), Q2 = [10, 100), Q3 ≥ 100.
    public var qBands: RuleValue<[Double]>
    /// M band starts, ascending: [0, 25, 45, 60] → M1 < 25, M2 [25, 45), M3 [45, 60), M4 ≥ 60.
    public var mBands: RuleValue<[Double]>
    /// The level by E (1…3), then Q band (1…3), then M band (1…4): `general`, `larger` or `major`.
    public var matrix: RuleValue<[[[String]]]>
    /// The level names.
    public var levels: [String: LocalizedText]

    /// The first problem, or nil.
    public var problem: String? {
        let q = qBands.value, m = mBands.value
        guard q.count == 3, zip(q, q.dropFirst()).allSatisfy({ $0 < $1 }), qMinimum.value > 0, qMinimum.value <= q[0] else { return "qBands must be three ascending starts at or above qMinimum" }
        guard m.count == 4, m[0] == 0, zip(m, m.dropFirst()).allSatisfy({ $0 < $1 }) else { return "mBands must be four ascending starts from 0" }
        let x = matrix.value
        guard x.count == 3, x.allSatisfy({ $0.count == 3 && $0.allSatisfy { $0.count == 4 && $0.allSatisfy { levels[$0] != nil } } }) else {
            return "matrix must be 3 (E) × 3 (Q) × 4 (M) level ids, each one of \(levels.keys.sorted())"
        }
        guard levels["general"] != nil else { return "levels must include general" }
        return nil
    }
}

/// A risk source's classification with the figures behind it.
public struct RiskClassification: Codable, Sendable, Hashable, CompleteKeysEncodable {
    /// The source's id.
    public var source: String
    /// Q = Σ q/Q.
    public var q: Double
    /// Q1…Q3, or 0 below the minimum.
    public var qBand: Int
    /// M1…M4.
    public var mBand: Int
    /// The level for air.
    public var airLevel: String
    /// The level for water.
    public var waterLevel: String
    /// The higher of the two (the enterprise's level).
    public var level: String
    /// The arithmetic in one line.
    public var arithmetic: String
}

/// HJ 941-2018 《企业突发环境事件风险分级方法》: Q (§5.1, the ratio of each substance's quantity to its critical quantity,
/// summed), M (§5.2, the process and control score in bands), E (§5.3, the receptors' sensitivity) and the level
/// matrix (§6), each medium classified on its own and the higher level kept.
public enum RiskClassifier {
    /// The order of the levels, lowest first.
    static let order = ["general", "larger", "major"]

    /// Classifies a source.
    public static func classify(_ s: RiskSource, rules: RiskRules) -> RiskClassification {
        let q = s.substances.reduce(0) { $0 + ($1.criticalQuantity > 0 ? $1.maxQuantity / $1.criticalQuantity : 0) }
        let qText = s.substances.map { "\(NumberText.shortest($0.maxQuantity))/\(NumberText.shortest($0.criticalQuantity))" }.joined(separator: " + ")
        let qRounded = GBT8170Rounding.round(q, decimals: 3)
        let mBand = (rules.mBands.value.lastIndex { s.processScore >= $0 } ?? 0) + 1
        guard q >= rules.qMinimum.value else {
            return RiskClassification(source: s.id, q: qRounded, qBand: 0, mBand: mBand, airLevel: "general", waterLevel: "general", level: "general",
                                      arithmetic: "Q = \(qText.isEmpty ? "0" : qText) = \(NumberText.shortest(qRounded)) < \(NumberText.shortest(rules.qMinimum.value)) → general")
        }
        let qBand = (rules.qBands.value.lastIndex { q >= $0 } ?? 0) + 1
        func level(_ e: Int) -> String { rules.matrix.value[min(3, max(1, e)) - 1][qBand - 1][mBand - 1] }
        let air = level(s.airSensitivity), water = level(s.waterSensitivity)
        let worst = (order.firstIndex(of: air) ?? 0) >= (order.firstIndex(of: water) ?? 0) ? air : water
        return RiskClassification(source: s.id, q: qRounded, qBand: qBand, mBand: mBand, airLevel: air, waterLevel: water, level: worst,
                                  arithmetic: "Q = \(qText) = \(NumberText.shortest(qRounded)) → Q\(qBand); M \(NumberText.shortest(s.processScore)) → M\(mBand); "
                                      + "air E\(s.airSensitivity) → \(air), water E\(s.waterSensitivity) → \(water)")
    }
}

/// What lies around a point: for decision support in an incident.
public struct NearbyItem: Codable, Sendable, Hashable, CompleteKeysEncodable {
    /// `source`, `target` or `resource`.
    public var category: String
    /// The item's id.
    public var id: String
    /// Its name.
    public var name: String
    /// Its kind (target and resource kinds; a source's risk level).
    public var kind: String
    /// Distance from the point, km (3 decimals).
    public var distanceKm: Double
}

/// The decision-support queries (issue #17 §4).
public enum RiskQuery {
    /// Risk sources and sensitive targets within `radiusKm` of `point`, nearest first; and the `nearest` emergency
    /// resources whatever their distance.
    public static func near(_ point: GeoPoint, radiusKm: Double, sources: [RiskSource], levels: [String: String], targets: [SensitiveTarget],
                            resources: [EmergencyResource], nearest: Int = 10) -> [NearbyItem] {
        func km(_ p: GeoPoint) -> Double { GBT8170Rounding.round(point.distanceKm(to: p), decimals: 3) }
        let s = sources.map { NearbyItem(category: "source", id: $0.id, name: $0.name, kind: levels[$0.id] ?? "", distanceKm: km($0.location)) }.filter { $0.distanceKm <= radiusKm }
        let t = targets.map { NearbyItem(category: "target", id: $0.id, name: $0.name, kind: $0.kind, distanceKm: km($0.location)) }.filter { $0.distanceKm <= radiusKm }
        let r = resources.map { NearbyItem(category: "resource", id: $0.id, name: $0.name, kind: $0.kind, distanceKm: km($0.location)) }
        func sorted(_ x: [NearbyItem]) -> [NearbyItem] { x.sorted { ($0.distanceKm, $0.id) < ($1.distanceKm, $1.id) } }
        return sorted(s) + sorted(t) + Array(sorted(r).prefix(nearest))
    }
}

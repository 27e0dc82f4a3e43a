public import EcoCore
public import EcoKit
import Foundation

/// 国控 / 省控 / 县控 (or city) monitoring station.
public enum StationClass: String, Sendable, Codable, CaseIterable {
    case national, provincial, county

    /// The class's name in Chinese and English.
    public var label: LocalizedText {
        switch self {
        case .national: return LocalizedText(zh: "国控", en: "national")
        case .provincial: return LocalizedText(zh: "省控", en: "provincial")
        case .county: return LocalizedText(zh: "县控", en: "county")
        }
    }
}

/// An ambient air monitoring station, in the county or city it lies in.
public struct AirStation: Sendable, Hashable {
    /// The station's code, unique (e.g. `1001A`).
    public var code: String
    /// Its name.
    public var name: String
    /// The county or city it lies in.
    public var region: RegionCode
    /// National, provincial or county station.
    public var stationClass: StationClass
    /// Longitude, degrees east (−180…180).
    public var lon: Double
    /// Latitude, degrees north (−90…90).
    public var lat: Double
    /// True for stations of the synthetic demo generator: values computed from them are synthetic too.
    public var synthetic: Bool

    /// Creates a station.
    public init(code: String, name: String, region: RegionCode, stationClass: StationClass, lon: Double, lat: Double, synthetic: Bool = false) {
        self.code = code
        self.name = name
        self.region = region
        self.stationClass = stationClass
        self.lon = lon
        self.lat = lat
        self.synthetic = synthetic
    }
}

extension RegionTree {
    /// The city a region belongs to (itself for a city; nil for the province).
    public func city(of code: RegionCode) -> RegionCode? {
        lineage(of: code).first { $0.level == .city }?.code
    }
}

/// Which stations give a city's values: its national (国控) stations — the evaluation stations of city assessment —
/// or, for a city without any, all of its stations.
public enum EvaluationStations {
    /// Indices into `stations` of the stations that give `city`'s values.
    public static func forCity(_ city: RegionCode, stations: [AirStation], tree: RegionTree) -> [Int] {
        let mine = stations.indices.filter { tree.city(of: stations[$0].region) == city }
        let national = mine.filter { stations[$0].stationClass == .national }
        return national.isEmpty ? mine : national
    }
}

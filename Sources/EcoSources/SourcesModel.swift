public import EcoCore
public import EcoKit
public import EcoStandards
public import Foundation

/// An enterprise that discharges pollutants (排污单位), keyed by its unified social credit code (GB 32100-2015, check
/// character verified on import).
public struct SourceEnterprise: Sendable, Codable, Equatable {
    /// 统一社会信用代码, 18 characters.
    public var creditCode: String
    /// Its name.
    public var name: String
    /// The county (or city) it is in.
    public var region: RegionCode
    /// Its industry, as the registry file gives it.
    public var industry: String

    /// Creates an enterprise.
    public init(creditCode: String, name: String, region: RegionCode, industry: String) {
        self.creditCode = creditCode
        self.name = name
        self.region = region
        self.industry = industry
    }
}

/// What an outlet discharges.
public enum OutletKind: String, Sendable, Codable, CaseIterable {
    /// Wastewater (废水排放口).
    case water
    /// Flue gas (废气排放口).
    case gas

    /// The Chinese name.
    public var zh: String { self == .water ? "废水" : "废气" }
}

/// A discharge outlet (排放口) of an enterprise, with its place.
public struct SourceOutlet: Sendable, Codable, Equatable {
    /// The outlet's id (unique in the province, e.g. the permit's outlet number prefixed by the credit code).
    public var id: String
    /// The enterprise's credit code.
    public var enterprise: String
    /// Water or gas.
    public var kind: OutletKind
    /// Longitude and latitude (WGS 84 degrees).
    public var lon: Double
    /// Latitude.
    public var lat: Double

    /// Creates an outlet.
    public init(id: String, enterprise: String, kind: OutletKind, lon: Double, lat: Double) {
        self.id = id
        self.enterprise = enterprise
        self.kind = kind
        self.lon = lon
        self.lat = lat
    }
}

/// A data logger (数采仪) registered to send HJ 212 packets for one outlet.
public struct SourceDevice: Sendable, Codable, Equatable {
    /// Its MN (device id), as it sends it.
    public var mn: String
    /// The access password (PW) it must send.
    public var password: String
    /// The outlet it measures.
    public var outlet: String
    /// The enterprise's credit code.
    public var enterprise: String
    /// The protocol version it is registered with (2005, 2017, 2025).
    public var version: HJ212Version
    /// The CRC it sends.
    public var crc: HJ212CRCVariant

    /// Creates a device.
    public init(mn: String, password: String, outlet: String, enterprise: String, version: HJ212Version, crc: HJ212CRCVariant = .standard) {
        self.mn = mn
        self.password = password
        self.outlet = outlet
        self.enterprise = enterprise
        self.version = version
        self.crc = crc
    }
}

/// A pollutant discharge permit (排污许可证) of an enterprise.
public struct SourcePermit: Sendable, Codable, Equatable {
    /// The permit number.
    public var number: String
    /// The enterprise's credit code.
    public var enterprise: String
    /// First day of validity.
    public var validFrom: CivilDay
    /// Last day of validity.
    public var validTo: CivilDay

    /// Creates a permit.
    public init(number: String, enterprise: String, validFrom: CivilDay, validTo: CivilDay) {
        self.number = number
        self.enterprise = enterprise
        self.validFrom = validFrom
        self.validTo = validTo
    }

    /// Whether the permit is valid on a day.
    public func isValid(on day: CivilDay) -> Bool { validFrom <= day && day <= validTo }
}

/// Whether a limit bounds a concentration or an emission rate, told by its unit.
public enum LimitBasis: String, Sendable, Codable {
    /// A concentration (mg/m3, mg/L, …): compared with the period's average (`-Avg`, or `-Rtd` for real-time).
    case concentration
    /// An emission rate (kg/h): compared with the period's cumulative amount (`-Cou`, in kg) over its hours.
    case rate
}

/// A permit limit (许可排放限值) of an outlet for one pollutant and averaging period.
public struct PermitLimit: Sendable, Codable, Equatable {
    /// The outlet id.
    public var outlet: String
    /// The pollutant's factor code (HJ 212-2017 Appendix B, e.g. a21026, w01018).
    public var pollutant: String
    /// The limit.
    public var limit: Double
    /// Its unit as written (mg/m3, mg/L, kg/h, …).
    public var unit: String
    /// The averaging period the limit applies to.
    public var period: HJ212DataKind

    /// Creates a limit.
    public init(outlet: String, pollutant: String, limit: Double, unit: String, period: HJ212DataKind) {
        self.outlet = outlet
        self.pollutant = pollutant
        self.limit = limit
        self.unit = unit
        self.period = period
    }

    /// The units accepted: concentrations and an emission rate.
    public static let units: [String: LimitBasis] = [
        "mg/m3": .concentration, "mg/L": .concentration, "ug/m3": .concentration, "µg/m3": .concentration,
        "ng/m3": .concentration, "pH": .concentration, "dimensionless": .concentration, "kg/h": .rate,
    ]

    /// Concentration or rate, by the unit.
    public var basis: LimitBasis { Self.units[unit] ?? .concentration }
}

/// The whole registry as one value: what the intake and the pages read.
public struct SourceRegistry: Sendable, Codable, Equatable {
    /// Enterprises in credit-code order.
    public var enterprises: [SourceEnterprise]
    /// Outlets in id order.
    public var outlets: [SourceOutlet]
    /// Devices in MN order.
    public var devices: [SourceDevice]
    /// Permits in number order.
    public var permits: [SourcePermit]
    /// Limits in (outlet, pollutant, period) order.
    public var limits: [PermitLimit]

    /// Creates a registry.
    public init(enterprises: [SourceEnterprise] = [], outlets: [SourceOutlet] = [], devices: [SourceDevice] = [],
                permits: [SourcePermit] = [], limits: [PermitLimit] = []) {
        self.enterprises = enterprises
        self.outlets = outlets
        self.devices = devices
        self.permits = permits
        self.limits = limits
    }
}

/// The registry indexed for the intake: lookups by MN, outlet and enterprise.
public struct SourceIndex: Sendable {
    /// The registry.
    public let registry: SourceRegistry
    /// Devices by MN.
    public let devices: [String: SourceDevice]
    /// Outlets by id.
    public let outlets: [String: SourceOutlet]
    /// Enterprises by credit code.
    public let enterprises: [String: SourceEnterprise]
    /// Limits by outlet.
    public let limits: [String: [PermitLimit]]

    /// Indexes a registry.
    public init(_ registry: SourceRegistry) {
        self.registry = registry
        devices = Dictionary(registry.devices.map { ($0.mn, $0) }, uniquingKeysWith: { _, b in b })
        outlets = Dictionary(registry.outlets.map { ($0.id, $0) }, uniquingKeysWith: { _, b in b })
        enterprises = Dictionary(registry.enterprises.map { ($0.creditCode, $0) }, uniquingKeysWith: { _, b in b })
        limits = Dictionary(grouping: registry.limits, by: \.outlet)
    }

    /// The region of a device (through its enterprise), nil when unregistered.
    public func region(ofDevice mn: String) -> RegionCode? { devices[mn].flatMap { enterprises[$0.enterprise]?.region } }
}

public import EcoCore
public import EcoKit
public import EcoSources
import EcoStandards
public import Foundation
public import OpenAPIKit

/// A reading as `ecoprov sources data --format json` and `/api/v1/sources/data` give it: the period's value
/// (`-Rtd` or `-Avg`), min, max, cumulative amount and flag as numbers where they parse, and every text as sent.
public struct SourceReadingJSON: CompleteKeysEncodable, Sendable {
    public let mn: String; public let kind: String; public let time: String; public let pollutant: String
    public let value: Double?; public let min: Double?; public let max: Double?; public let cou: Double?; public let flag: String
    /// Every suffix and its text as the device sent it.
    public let texts: [String: String]

    /// The document of a reading.
    public init(_ r: SourceReading) {
        mn = r.mn; kind = r.kind.rawValue; time = r.time.description; pollutant = r.pollutant
        value = r.value; min = r.texts["Min"].flatMap { HJ212Number($0)?.value }; max = r.texts["Max"].flatMap { HJ212Number($0)?.value }
        cou = r.cumulative; flag = r.flag; texts = r.texts
    }
}

/// An alarm as `ecoprov sources alarms --format json` and `/api/v1/sources/alarms` give it.
public struct SourceAlarmJSON: CompleteKeysEncodable, Sendable {
    public let id: String; public let kind: String; public let state: String; public let mn: String; public let outlet: String
    public let enterprise: String; public let enterpriseName: String; public let region: String; public let pollutant: String
    public let period: String; public let limit: Double?; public let unit: String?; public let firstValue: Double; public let maxValue: Double
    public let count: Int; public let firstAt: String; public let lastAt: String
    public let acknowledgedBy: String?; public let acknowledgedAt: String?; public let closedBy: String?; public let closedAt: String?
    public let note: String?

    /// The document of an alarm.
    public init(_ a: SourceAlarm, enterpriseName: String?) {
        id = a.id; kind = a.kind.rawValue; state = a.state.rawValue; mn = a.mn; outlet = a.outlet; enterprise = a.enterprise
        self.enterpriseName = enterpriseName ?? ""; region = a.region.rawValue; pollutant = a.pollutant; period = a.period.rawValue
        limit = a.limit; unit = a.unit; firstValue = a.firstValue; maxValue = a.maxValue; count = a.count
        firstAt = a.firstAt.description; lastAt = a.lastAt.description
        acknowledgedBy = a.acknowledgedBy; acknowledgedAt = a.acknowledgedAt.map(SourcesJSONTime.text)
        closedBy = a.closedBy; closedAt = a.closedAt.map(SourcesJSONTime.text); note = a.note
    }
}

/// A daily transmission rate as `ecoprov sources rates --format json` and `/api/v1/sources/rates` give it; rates
/// in %, two decimals (GB/T 8170), null where nothing was expected or received.
public struct TransmissionRateJSON: CompleteKeysEncodable, Sendable {
    public let level: String; public let id: String; public let name: String; public let date: String
    public let expected: Int; public let received: Int; public let valid: Int
    public let transmissionRate: Double?; public let validityRate: Double?; public let effectiveRate: Double?
    /// Missing hours (period starts) of a device.
    public let missing: [Int]

    /// The document of a rate with the name of what it is about.
    public init(_ r: TransmissionRate, name: String) {
        level = r.level.rawValue; id = r.id; self.name = name; date = r.date.description
        expected = r.expected; received = r.received; valid = r.valid
        func pct(_ v: Double?) -> Double? { v.map { GBT8170Rounding.round($0 * 100, decimals: 2) } }
        transmissionRate = pct(r.transmission); validityRate = pct(r.validity); effectiveRate = pct(r.effective); missing = r.missing
    }
}

/// An enterprise with its outlets' state, for `/api/v1/sources/enterprises`.
public struct SourceEnterpriseJSON: CompleteKeysEncodable, Sendable {
    public let creditCode: String; public let name: String; public let region: String; public let industry: String
    public let devices: Int; public let online: Int; public let activeAlarms: Int
    /// The permit's last day and whether it is valid today; null without a permit.
    public let permitValidTo: String?; public let permitValid: Bool?

    /// The document.
    public init(_ e: SourceEnterprise, devices: Int, online: Int, activeAlarms: Int, permit: SourcePermit?, today: CivilDay) {
        creditCode = e.creditCode; name = e.name; region = e.region.rawValue; industry = e.industry
        self.devices = devices; self.online = online; self.activeAlarms = activeAlarms
        permitValidTo = permit?.validTo.description; permitValid = permit?.isValid(on: today)
    }
}

/// What a registry import wrote (`/api/v1/sources/import`).
public struct SourcesImportJSON: CompleteKeysEncodable, Sendable {
    public let imported: Int; public let kind: String
    /// The document.
    public init(imported: Int, kind: String) { self.imported = imported; self.kind = kind }
}

/// Names of devices, outlets, enterprises and regions by id, for rate tables and pages (CLI and web alike).
public struct SourcesNames: Sendable {
    var names: [String: String] = [:]

    /// The names of a registry's ids and of the current regions.
    public init(_ r: SourceRegistry, tree: RegionTree, lang: Language) {
        let ent = Dictionary(r.enterprises.map { ($0.creditCode, $0.name) }, uniquingKeysWith: { a, _ in a })
        for e in r.enterprises { names[e.creditCode] = e.name }
        for o in r.outlets { names[o.id] = (ent[o.enterprise] ?? o.enterprise) + " " + (lang == .zh ? o.kind.zh : o.kind.rawValue) }
        for d in r.devices { names[d.mn] = (ent[d.enterprise] ?? d.enterprise) + " " + d.outlet.suffix(5) }
        for region in tree.current() { names[region.code.rawValue] = region.name[lang] }
    }

    /// The name of an id, or the id.
    public subscript(_ id: String) -> String { names[id] ?? id }
}

/// Times of the handlers' steps, in UTC ISO 8601.
enum SourcesJSONTime {
    static func text(_ d: Date) -> String { d.formatted(.iso8601) }
}

extension DocumentSchemas {
    /// The sources documents' schemas.
    public static let sourcesComponents: OrderedDictionary<String, JSONSchema> = [
        "SourceReading": Schema.object([
            "mn": Schema.string, "kind": Schema.string, "time": Schema.string, "pollutant": Schema.string, "value": Schema.nullableNumber,
            "min": Schema.nullableNumber, "max": Schema.nullableNumber, "cou": Schema.nullableNumber, "flag": Schema.string,
            "texts": Schema.map(Schema.string),
        ]),
        "SourceAlarm": Schema.object([
            "id": Schema.string, "kind": Schema.string, "state": Schema.string, "mn": Schema.string, "outlet": Schema.string,
            "enterprise": Schema.string, "enterpriseName": Schema.string, "region": Schema.regionCode, "pollutant": Schema.string,
            "period": Schema.string, "limit": Schema.nullableNumber, "unit": Schema.nullableString, "firstValue": Schema.number,
            "maxValue": Schema.number, "count": Schema.integer, "firstAt": Schema.string, "lastAt": Schema.string,
            "acknowledgedBy": Schema.nullableString, "acknowledgedAt": Schema.nullableString, "closedBy": Schema.nullableString,
            "closedAt": Schema.nullableString, "note": Schema.nullableString,
        ]),
        "TransmissionRate": Schema.object([
            "level": Schema.string, "id": Schema.string, "name": Schema.string, "date": Schema.string, "expected": Schema.integer,
            "received": Schema.integer, "valid": Schema.integer, "transmissionRate": Schema.nullableNumber, "validityRate": Schema.nullableNumber,
            "effectiveRate": Schema.nullableNumber, "missing": Schema.array(Schema.integer),
        ]),
        "SourcesImport": Schema.object(["imported": Schema.integer, "kind": Schema.string]),
        "SourceEnterprise": Schema.object([
            "creditCode": Schema.string, "name": Schema.string, "region": Schema.regionCode, "industry": Schema.string,
            "devices": Schema.integer, "online": Schema.integer, "activeAlarms": Schema.integer, "permitValidTo": Schema.nullableString,
            "permitValid": Schema.nullableBoolean,
        ]),
    ]
}

import EcoCore
import EcoStore
import Foundation
import Hummingbird

/// JSON helpers of the API: one encoder, the error body, the shapes of the resources.
enum APIJSON {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Rendered {
        Rendered(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: ByteBuffer(bytes: try encoder.encode(value)))
    }

    struct ErrorBody: Encodable {
        struct Detail: Encodable {
            let status: Int
            let message: String
        }
        let error: Detail
    }

    static func error(_ e: WebError) -> Rendered {
        let body = (try? encoder.encode(ErrorBody(error: .init(status: Int(e.status.code), message: e.message)))) ?? Data()
        return Rendered(status: e.status, headers: [.contentType: "application/json; charset=utf-8"], body: ByteBuffer(bytes: body))
    }
}

struct RegionJSON: Encodable {
    let code: String
    let name: LocalizedText
    let level: String
    let parent: String?
    let kind: String
    let validFrom: String?
    let validTo: String?
    let attributes: [String: String]

    init(_ r: Region) {
        code = r.code.rawValue
        name = r.name
        level = r.level.rawValue
        parent = r.parent?.rawValue
        kind = r.kind
        validFrom = r.validFrom
        validTo = r.validTo
        attributes = r.attributes
    }
}

struct ObservationJSON: Encodable {
    let region: String
    let indicator: String
    let year: Int
    let value: Double?
    let level: String?
    let source: String?
    let note: String?
    let certainty: String?
    let synthetic: Bool

    init(_ o: Observation) {
        region = o.key.region.rawValue
        indicator = o.key.indicator
        year = o.key.year
        value = o.value.number
        level = o.value.number == nil ? o.value.description : nil
        source = o.source
        note = o.note
        certainty = o.certainty?.rawValue
        synthetic = o.synthetic
    }

    private enum Keys: String, CodingKey { case region, indicator, year, value, level, source, note, certainty, synthetic }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(region, forKey: .region)
        try c.encode(indicator, forKey: .indicator)
        try c.encode(year, forKey: .year)
        try c.encode(value, forKey: .value)
        try c.encode(level, forKey: .level)
        try c.encode(source, forKey: .source)
        try c.encode(note, forKey: .note)
        try c.encode(certainty, forKey: .certainty)
        try c.encode(synthetic, forKey: .synthetic)
    }
}

struct IndicatorJSON: Encodable {
    let id: String
    let number: Int
    let name: LocalizedText
    let category: String
    let unit: String
    let direction: String
    let comparator: String
    let attribute: String
    let levels: [String]
    let decimals: Int
    let definition: LocalizedText
    let provenance: Provenance
    let weight: Double
    let veto: Bool

    init(_ i: Indicator) {
        id = i.id
        number = i.number
        name = i.name
        category = i.category
        unit = i.unit
        direction = i.direction.rawValue
        comparator = i.comparator.rawValue
        attribute = i.attribute.rawValue
        levels = i.levels.map(\.rawValue)
        decimals = i.decimals
        definition = i.definition
        provenance = i.provenance
        weight = i.weight
        veto = i.veto
    }
}

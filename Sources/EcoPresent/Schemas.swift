import EcoAir
import EcoWater
import EcoCore
import EcoAccounting
import EcoServices
import Foundation
public import OpenAPIKit

/// A small vocabulary over OpenAPIKit's `JSONSchema` for the documents of this API: every object closed
/// (`additionalProperties: false`) and every key required unless listed as optional, because every document writes
/// every key (`null` where a figure cannot be computed).
public enum Schema {
    /// A closed object; the keys in `optional` may be absent.
    public static func object(_ properties: KeyValuePairs<String, JSONSchema>, optional: Set<String> = [], description: String? = nil) -> JSONSchema {
        var props = OrderedDictionary<String, JSONSchema>()
        for (k, v) in properties { props[k] = optional.contains(k) ? v.optionalSchemaObject() : v }
        return .object(description: description, properties: props, additionalProperties: .init(false))
    }

    /// An object whose every value has schema `value` (any key).
    public static func map(_ value: JSONSchema) -> JSONSchema { .object(additionalProperties: .init(value)) }

    /// An array of `items`.
    public static func array(_ items: JSONSchema, nullable: Bool = false) -> JSONSchema { .array(nullable: nullable, items: items) }

    /// A reference to a component schema.
    public static func ref(_ name: String) -> JSONSchema { .reference(.component(named: name)) }

    /// A reference or null.
    public static func nullableRef(_ name: String) -> JSONSchema { .one(of: [ref(name), .null()]) }

    /// A string.
    public static let string = JSONSchema.string
    /// A string or null.
    public static let nullableString = JSONSchema.string(nullable: true)
    /// A 6-digit division code.
    public static let regionCode = JSONSchema.string(pattern: "^[0-9]{6}$")
    /// An integer.
    public static let integer = JSONSchema.integer
    /// An integer or null.
    public static let nullableInteger = JSONSchema.integer(nullable: true)
    /// A number.
    public static let number = JSONSchema.number
    /// A number or null.
    public static let nullableNumber = JSONSchema.number(nullable: true)
    /// A boolean.
    public static let boolean = JSONSchema.boolean
    /// A boolean or null.
    public static let nullableBoolean = JSONSchema.boolean(nullable: true)
    /// A year of the data, 2000–2035 (`ValueRules.years`).
    public static let year = JSONSchema.integer(maximum: (ValueRules.years.upperBound, exclusive: false),
                                                minimum: (ValueRules.years.lowerBound, exclusive: false))

    /// One of the raw values of an enumeration.
    public static func oneOf<E: RawRepresentable & CaseIterable>(_ type: E.Type, nullable: Bool = false) -> JSONSchema where E.RawValue == String {
        .string(nullable: nullable, allowedValues: E.allCases.map { AnyCodable($0.rawValue) } + (nullable ? [AnyCodable(nil as String?)] : []))
    }
}

/// The component schemas of every document the API returns, by name. `/api/v1/openapi.json` lists them all.
public enum DocumentSchemas {
    /// Every component, in a stable order.
    public static let components: OrderedDictionary<String, JSONSchema> = {
        var all = base
        for (k, v) in DeliverySchemas.all { all[k] = v }
        for (k, v) in EnterpriseSchemas.all { all[k] = v }
        return all
    }()

    /// The components of the core and of the domains before delivery.
    static let base: OrderedDictionary<String, JSONSchema> = [
        "Error": Schema.object(["error": Schema.object(["status": Schema.integer, "message": Schema.string])]),
        "LocalizedText": Schema.object(["zh": Schema.string, "en": Schema.string]),
        "Provenance": Schema.object(["basis": Schema.string, "source": Schema.string, "certainty": Schema.oneOf(Certainty.self),
                                     "note": Schema.string], optional: ["note"]),
        "Region": Schema.object([
            "code": Schema.regionCode, "name": Schema.ref("LocalizedText"), "level": Schema.oneOf(RegionLevel.self),
            "parent": Schema.nullableString, "kind": Schema.string, "validFrom": Schema.nullableString, "validTo": Schema.nullableString,
            "attributes": Schema.map(Schema.string),
        ]),
        "RegionDetail": Schema.object(["region": Schema.ref("Region"), "children": Schema.array(Schema.ref("Region")),
                                       "assessment": Schema.nullableRef("Assessment"), "view": Schema.oneOf(DataView.self)]),
        "FrameworkSummary": Schema.object([
            "id": Schema.string, "version": Schema.integer, "name": Schema.ref("LocalizedText"), "indicators": Schema.integer,
            "basicConditions": Schema.integer, "baseYear": Schema.integer, "milestones": Schema.array(Schema.integer),
        ]),
        "Framework": frameworkSchema,
        "FrameworkIndicator": frameworkIndicatorSchema,
        "TargetRule": Schema.object([
            "milestone": Schema.integer, "value": Schema.number, "range": Schema.array(Schema.number), "levels": Schema.array(Schema.string),
            "region": Schema.regionCode, "when": Schema.map(Schema.string), "provenance": Schema.ref("Provenance"),
        ], optional: ["value", "range", "levels", "region", "when", "provenance"]),
        "Indicator": Schema.object([
            "id": Schema.string, "number": Schema.integer, "name": Schema.ref("LocalizedText"), "category": Schema.string,
            "unit": Schema.string, "direction": Schema.oneOf(Direction.self), "comparator": Schema.oneOf(Comparator.self),
            "attribute": Schema.oneOf(IndicatorAttribute.self), "levels": Schema.array(Schema.oneOf(RegionLevel.self)),
            "decimals": Schema.integer, "definition": Schema.ref("LocalizedText"), "provenance": Schema.ref("Provenance"),
            "weight": Schema.number, "veto": Schema.boolean,
        ]),
        "Observation": Schema.object([
            "region": Schema.regionCode, "indicator": Schema.string, "year": Schema.integer, "value": Schema.nullableNumber,
            "level": Schema.nullableString, "source": Schema.nullableString, "note": Schema.nullableString,
            "certainty": Schema.oneOf(Certainty.self, nullable: true), "synthetic": Schema.boolean,
        ]),
        "ObservationPage": Schema.object(["items": Schema.array(Schema.ref("Observation")), "next": Schema.nullableString,
                                          "view": Schema.oneOf(DataView.self)]),
        "ImportResult": Schema.object([
            "ok": Schema.boolean, "dryRun": Schema.boolean, "rows": Schema.integer, "valid": Schema.integer, "new": Schema.integer,
            "changed": Schema.integer, "inserted": Schema.integer, "updated": Schema.integer, "unchanged": Schema.integer,
            "problems": Schema.array(Schema.string), "problemCount": Schema.integer, "problemsByReason": Schema.map(Schema.integer),
        ]),
        "IndicatorAssessment": indicatorAssessmentSchema,
        "ForecastLine": Schema.object([
            "slope": Schema.number, "intercept": Schema.number,
            "points": Schema.array(Schema.object(["year": Schema.integer, "value": Schema.number, "weight": Schema.number])),
        ]),
        "Assessment": Schema.object([
            "region": Schema.regionCode, "level": Schema.oneOf(RegionLevel.self), "year": Schema.integer, "framework": Schema.string,
            "composite": Schema.nullableNumber, "coverage": Schema.nullableNumber, "provisional": Schema.boolean,
            "attainedCount": Schema.integer, "vetoed": Schema.boolean, "rank": Schema.nullableInteger, "indicators": Schema.array(Schema.ref("IndicatorAssessment")),
            "view": Schema.oneOf(DataView.self),
        ], optional: ["view"]),
        "RankingRow": Schema.object([
            "rank": Schema.nullableInteger, "provisional": Schema.boolean, "region": Schema.regionCode, "name": Schema.ref("LocalizedText"), "composite": Schema.nullableNumber,
            "coverage": Schema.number, "attained": Schema.integer, "applicable": Schema.integer, "vetoed": Schema.boolean,
            "previousRank": Schema.nullableInteger, "rankChange": Schema.nullableInteger, "view": Schema.oneOf(DataView.self),
        ]),
        "SeriesPoint": Schema.object([
            "year": Schema.integer, "value": Schema.nullableNumber, "level": Schema.nullableString, "derived": Schema.nullableInteger,
            "milestone": Schema.integer, "target": Schema.nullableNumber, "expected": Schema.nullableNumber, "forecast": Schema.nullableNumber,
            "view": Schema.oneOf(DataView.self),
        ]),
        "Readiness": Schema.object([
            "year": Schema.integer, "framework": Schema.string, "ready": Schema.boolean, "indicatorsAttained": Schema.integer,
            "indicatorCount": Schema.integer, "indicatorsPart": Schema.boolean,
            "conditions": Schema.array(Schema.object(["id": Schema.string, "status": Schema.oneOf(ConditionStatus.self),
                                                      "evidence": Schema.nullableString])),
            "conditionsPart": Schema.boolean,
            "cities": Schema.array(Schema.object(["region": Schema.regionCode, "attained": Schema.integer, "applicable": Schema.integer,
                                                  "meets": Schema.boolean])),
            "citiesMeeting": Schema.integer, "requiredShare": Schema.number, "citiesPart": Schema.boolean,
            "view": Schema.oneOf(DataView.self),
        ]),
        "Overview": Schema.object([
            "year": Schema.integer, "framework": Schema.string, "synthetic": Schema.boolean, "ready": Schema.boolean,
            "indicatorsAttained": Schema.integer, "indicatorCount": Schema.integer, "conditionsMet": Schema.integer,
            "conditionCount": Schema.integer, "citiesMeeting": Schema.integer, "cityCount": Schema.integer,
            "requiredShare": Schema.number, "assessment": Schema.ref("Assessment"), "view": Schema.oneOf(DataView.self),
        ]),
        "WorkflowGrid": Schema.object([
            "framework": Schema.string, "year": Schema.integer, "view": Schema.oneOf(DataView.self),
            "units": Schema.array(Schema.object([
                "region": Schema.regionCode, "name": Schema.string, "level": Schema.oneOf(RegionLevel.self),
                "status": Schema.string, "updatedAt": Schema.nullableString, "updatedBy": Schema.nullableString,
                "reason": Schema.nullableString, "deadline": Schema.nullableString, "overdue": Schema.boolean, "values": Schema.integer,
                "applicable": Schema.integer, "changedSinceApproval": Schema.integer, "errors": Schema.integer, "warnings": Schema.integer,
            ], optional: ["updatedAt", "updatedBy", "reason", "deadline"])),
        ]),
        "WorkflowState": Schema.object([
            "framework": Schema.string, "region": Schema.regionCode, "year": Schema.integer, "status": Schema.string,
            "updatedAt": Schema.string, "updatedBy": Schema.string, "reason": Schema.nullableString,
        ], optional: ["reason"]),
        "AuditRecord": Schema.object([
            "id": Schema.integer, "at": Schema.string, "actor": Schema.string, "year": Schema.integer, "old": Schema.nullableString,
            "new": Schema.nullableString, "reason": Schema.nullableString, "source": Schema.nullableString, "address": Schema.nullableString,
            "userAgent": Schema.nullableString, "seq": Schema.nullableInteger, "hash": Schema.nullableString,
        ], optional: ["old", "new", "reason", "source", "address", "userAgent", "seq", "hash"]),
        "MapCell": Schema.object(["region": Schema.regionCode, "name": Schema.string, "fill": Schema.string, "label": Schema.string,
                                  "view": Schema.oneOf(DataView.self)]),
        "WaterSection": Schema.object([
            "section": Schema.string, "name": Schema.string, "river": Schema.string, "basin": Schema.string, "city": Schema.string,
            "control": Schema.string, "year": Schema.integer, "month": Schema.nullableInteger, "waterClass": Schema.nullableString,
            "className": Schema.nullableString, "status": Schema.nullableString, "colour": Schema.nullableString, "target": Schema.nullableString,
            "targetMet": Schema.nullableBoolean, "mainItems": Schema.array(Schema.string), "itemsOverTarget": Schema.array(Schema.string),
            "months": Schema.integer, "samples": Schema.integer, "complete": Schema.boolean, "synthetic": Schema.boolean,
            "values": Schema.map(Schema.string), "referenceClasses": Schema.map(Schema.string),
        ]),
        "FuelLine": Schema.object([
            "fuel": Schema.string, "amount": Schema.number, "unit": Schema.string, "amountInFactorUnit": Schema.number, "factorUnit": Schema.string,
            "co2Factor": Schema.number, "certainty": Schema.string, "co2": Schema.number, "tce": Schema.nullableNumber, "feedstock": Schema.boolean,
            "formula": Schema.string,
        ]),
        "CarbonAccount": Schema.object([
            "name": Schema.string, "region": Schema.regionCode, "year": Schema.integer, "factorSet": Schema.string, "factorSetVersion": Schema.integer,
            "grid": Schema.oneOf(GridChoice.self), "gridFactor": Schema.nullableNumber, "gridFactorYear": Schema.nullableInteger,
            "fuels": Schema.array(Schema.ref("FuelLine")), "fossilCO2": Schema.number, "netImportKWh": Schema.nullableNumber,
            "electricityCO2": Schema.nullableNumber, "totalCO2": Schema.number, "energyTce": Schema.nullableNumber, "gdpNominal": Schema.nullableNumber,
            "gdpConstant": Schema.nullableNumber, "gdpChain": Schema.nullableString, "intensity": Schema.nullableNumber,
            "annualReduction": Schema.nullableNumber, "cumulativeReduction": Schema.nullableNumber, "energyIntensity": Schema.nullableNumber,
            "baseYear": Schema.integer, "problems": Schema.array(Schema.string), "synthetic": Schema.boolean,
        ],
           description: "tCO2, kWh, tce; GDP in 10^8 yuan; intensity tCO2 per 10^4 yuan at base-year prices; reductions in %"),
        "PeakPoint": Schema.object(["year": Schema.integer, "value": Schema.number, "projected": Schema.boolean]),
        "PeakProjection": Schema.object([
            "name": Schema.string, "region": Schema.regionCode, "observed": Schema.array(Schema.ref("PeakPoint")), "maxYear": Schema.nullableInteger,
            "maxValue": Schema.nullableNumber, "levelSlope": Schema.nullableNumber, "growthNext": Schema.nullableNumber, "growthSlope": Schema.nullableNumber,
            "trendPath": Schema.array(Schema.ref("PeakPoint")), "trendPeakYear": Schema.nullableInteger, "trendPeakValue": Schema.nullableNumber,
            "whatIfGrowth": Schema.nullableNumber, "whatIfPath": Schema.array(Schema.ref("PeakPoint")), "whatIfPeakYear": Schema.nullableInteger,
            "whatIfPeakValue": Schema.nullableNumber, "whatIfStillRising": Schema.boolean,
        ]),
        "FuelFactor": Schema.object([
            "fuel": Schema.string, "nameEn": Schema.nullableString, "aliases": Schema.array(Schema.string, nullable: true), "unit": Schema.string,
            "ncv": Schema.nullableNumber, "carbonContent": Schema.nullableNumber, "oxidation": Schema.nullableNumber, "co2Factor": Schema.number,
            "coalCoefficient": Schema.nullableNumber, "source": Schema.string, "certainty": Schema.string,
        ]),
        "GridFactor": Schema.object(["grid": Schema.oneOf(GridChoice.self), "year": Schema.integer, "value": Schema.number, "source": Schema.string,
                                     "certainty": Schema.string]),
        "FactorSet": Schema.object([
            "id": Schema.string, "version": Schema.integer, "name": Schema.string, "fuels": Schema.array(Schema.ref("FuelFactor")),
            "grid": Schema.array(Schema.ref("GridFactor")), "electricityKgcePerKWh": Schema.nullableNumber, "source": Schema.string,
        ]),
        "GEPLine": Schema.object([
            "item": Schema.string, "quantity": Schema.nullableNumber, "unit": Schema.nullableString, "price": Schema.nullableNumber,
            "priceUnit": Schema.nullableString, "priceSource": Schema.nullableString, "value": Schema.number, "formula": Schema.string,
        ]),
        "GEPAccount": Schema.object([
            "account": Schema.string, "nameEn": Schema.string, "gepClass": Schema.oneOf(GEPClass.self), "quantity": Schema.nullableNumber,
            "unit": Schema.nullableString, "value": Schema.number, "share": Schema.nullableNumber, "lines": Schema.array(Schema.ref("GEPLine")),
            "formula": Schema.string, "included": Schema.boolean, "problems": Schema.array(Schema.string),
        ]),
        "GEPResult": Schema.object([
            "name": Schema.string, "region": Schema.regionCode, "year": Schema.integer, "method": Schema.oneOf(GEPMethod.self),
            "accounts": Schema.array(Schema.ref("GEPAccount")), "byClass": Schema.map(Schema.number), "gep": Schema.number, "gdp": Schema.nullableNumber,
            "gepPerGDP": Schema.nullableNumber, "population": Schema.nullableNumber, "perCapita": Schema.nullableNumber, "geep": Schema.nullableNumber,
            "geepFormula": Schema.nullableString, "pollutionLoss": Schema.nullableNumber, "ecologicalDamage": Schema.nullableNumber,
            "children": Schema.array(Schema.regionCode), "missingChildren": Schema.array(Schema.regionCode), "problems": Schema.array(Schema.string),
            "synthetic": Schema.boolean,
        ],
           description: "values in yuan; per capita in yuan per person"),
        "ProtectedShare": Schema.object([
            "name": Schema.string, "region": Schema.regionCode, "areas": Schema.integer, "withOutlines": Schema.integer, "outlinedKm2": Schema.number,
            "registeredKm2": Schema.number, "nestedLeftOut": Schema.integer, "protectedKm2": Schema.number, "landKm2": Schema.nullableNumber,
            "landSource": Schema.nullableString, "share": Schema.nullableNumber, "rule": Schema.string, "synthetic": Schema.boolean,
        ]),
        "WaterAggregate": Schema.object([
            "kind": Schema.oneOf(WaterAggregate.Kind.self), "key": Schema.string, "name": Schema.string, "nationalOnly": Schema.boolean,
            "year": Schema.integer, "sections": Schema.integer, "counts": Schema.array(Schema.integer), "shareGood": Schema.nullableNumber,
            "shareWorseThanV": Schema.nullableNumber, "shareTargetMet": Schema.nullableNumber, "rating": Schema.nullableString,
            "colour": Schema.nullableString, "method": Schema.nullableString, "incompleteSections": Schema.integer, "samples": Schema.integer,
            "synthetic": Schema.boolean,
        ]),
        "CompensationLine": Schema.object([
            "section": Schema.string, "region": Schema.regionCode, "name": Schema.string, "month": Schema.nullableInteger,
            "amount": Schema.number, "kind": Schema.string, "arithmetic": Schema.string, "reconstructed": Schema.boolean,
        ]),
        "AirImportRun": Schema.object([
            "id": Schema.integer, "file": Schema.string, "size": Schema.integer, "actor": Schema.string, "startedAt": Schema.string,
            "finishedAt": Schema.nullableString, "rowsWritten": Schema.integer, "rowsRefused": Schema.integer,
            "supersededBy": Schema.nullableInteger, "abandonedAt": Schema.nullableString,
            "state": Schema.oneOf(AirImportRun.State.self),
        ]),
        "AirAnnual": Schema.object([
            "region": Schema.regionCode, "name": Schema.string, "year": Schema.integer, "standard": Schema.string,
            "validDays": Schema.integer, "goodDays": Schema.integer, "goodDayRatio": Schema.nullableNumber, "heavyDays": Schema.integer,
            "so2Annual": Schema.nullableNumber, "no2Annual": Schema.nullableNumber, "pm10Annual": Schema.nullableNumber,
            "pm25Annual": Schema.nullableNumber, "so2P98": Schema.nullableNumber, "no2P98": Schema.nullableNumber,
            "pm10P95": Schema.nullableNumber, "pm25P95": Schema.nullableNumber, "coP95": Schema.nullableNumber, "o3P90": Schema.nullableNumber,
            "compositeIndex": Schema.nullableNumber, "compositeRank": Schema.nullableInteger, "attained": Schema.nullableBoolean,
            "daysPerLevel": Schema.array(Schema.integer), "stationHours": Schema.integer, "synthetic": Schema.boolean,
            "complete": Schema.map(Schema.boolean), "exceedance": Schema.map(Schema.number),
            "incompleteNote": Schema.nullableString,
        ]),
    ]

    static let indicatorAssessmentSchema = Schema.object([
        "indicator": Schema.string, "direction": Schema.oneOf(Direction.self), "comparator": Schema.oneOf(Comparator.self),
        "value": JSONSchema.one(of: [Schema.number, Schema.string, .null()]),
        "target": JSONSchema.any(of: [Schema.number, Schema.array(Schema.number), Schema.array(Schema.string), .null()]),
        "milestone": Schema.integer, "periodStart": Schema.integer, "startValue": Schema.nullableNumber,
        "startValueIsPreviousTarget": Schema.boolean, "attained": Schema.nullableBoolean, "gap": Schema.nullableNumber,
        "expected": Schema.nullableNumber, "onSchedule": Schema.nullableBoolean, "csi": Schema.nullableNumber,
        "forecast": Schema.nullableNumber, "forecastLine": Schema.nullableRef("ForecastLine"), "api": Schema.nullableNumber,
        "outlook": Schema.oneOf(Outlook.self, nullable: true), "requiredAnnualChange": Schema.nullableNumber,
        "cagrRatio": Schema.nullableNumber, "cagrScore": Schema.nullableNumber,
        "cagrCategory": Schema.oneOf(ProgressMeasures.GrowthCategory.self, nullable: true),
        "status": Schema.oneOf(AssessmentStatus.self), "score": Schema.nullableNumber, "derived": Schema.nullableInteger,
        "incompleteNote": Schema.nullableString, "weight": Schema.number, "veto": Schema.boolean,
        "outlookMilestone": Schema.nullableInteger, "latestYear": Schema.nullableInteger,
        "latestValue": JSONSchema.one(of: [Schema.number, Schema.string, .null()]),
        "milestones": Schema.array(Schema.object([
            "milestone": Schema.integer,
            "target": JSONSchema.any(of: [Schema.number, Schema.array(Schema.number), Schema.array(Schema.string), .null()]),
            "result": Schema.oneOf(MilestoneResult.self, nullable: true), "value": JSONSchema.one(of: [Schema.number, Schema.string, .null()]),
            "outlook": Schema.oneOf(Outlook.self, nullable: true), "forecast": Schema.nullableNumber,
            "requiredAnnualChange": Schema.nullableNumber,
        ])),
    ])

    /// The framework file format (`framework export`, `/api/v1/frameworks/{id}`).
    static let frameworkSchema = Schema.object([
        "id": Schema.string, "version": Schema.integer, "name": Schema.ref("LocalizedText"), "description": Schema.ref("LocalizedText"),
        "baseYear": Schema.integer, "milestones": Schema.array(Schema.integer),
        "categories": Schema.array(Schema.object(["id": Schema.string, "name": Schema.ref("LocalizedText")])),
        "indicators": Schema.array(Schema.ref("FrameworkIndicator")),
        "basicConditions": Schema.array(Schema.object([
            "id": Schema.string, "number": Schema.integer, "name": Schema.ref("LocalizedText"), "description": Schema.ref("LocalizedText"),
            "provenance": Schema.ref("Provenance"),
        ])),
        "dataElements": Schema.array(Schema.object(["id": Schema.string, "name": Schema.ref("LocalizedText"), "unit": Schema.string])),
        "ecoCityRule": Schema.object(["share": Schema.number, "rule": Schema.string]),
        "provenance": Schema.ref("Provenance"),
        "feeds": Schema.array(Schema.object(["feed": Schema.string, "figure": Schema.string, "indicator": Schema.string])),
    ], optional: ["description", "dataElements", "ecoCityRule", "feeds"])

    /// One indicator as the framework file holds it.
    static let frameworkIndicatorSchema = Schema.object([
        "id": Schema.string, "number": Schema.integer, "name": Schema.ref("LocalizedText"), "category": Schema.string,
        "unit": Schema.string, "direction": Schema.oneOf(Direction.self), "comparator": Schema.oneOf(Comparator.self),
        "attribute": Schema.oneOf(IndicatorAttribute.self), "levels": Schema.array(Schema.oneOf(RegionLevel.self)),
        "targets": Schema.array(Schema.ref("TargetRule")), "decimals": Schema.integer,
        "rollUp": Schema.object(["method": Schema.oneOf(RollUp.Method.self), "weight": Schema.string], optional: ["weight"]),
        "formula": Schema.object(["numerator": Schema.string, "denominator": Schema.string, "factor": Schema.number], optional: ["denominator"]),
        "allowedLevels": Schema.array(Schema.string),
        "range": Schema.object(["min": Schema.number, "max": Schema.number], optional: ["min", "max"]),
        "definition": Schema.ref("LocalizedText"), "provenance": Schema.ref("Provenance"), "weight": Schema.number, "veto": Schema.boolean,
    ], optional: ["formula", "allowedLevels", "range"])
}

import EcoCore
import EcoEnterprise
import Foundation
import OpenAPIKit

/// The component schemas of the enterprise documents (`/api/v1/credit`, `/credit/files`, `/risk/sources`,
/// `/risk/near`, `/risk/plans`), the same as the CLI's `credit rate|list`, `risk list|near|plans --format json`.
enum EnterpriseSchemas {
    static let day = DeliverySchemas.day
    static let nullableDay = DeliverySchemas.nullableDay
    static let strings = DeliverySchemas.strings

    static let all: OrderedDictionary<String, JSONSchema> = [
        "CreditDeduction": Schema.object([
            "rule": Schema.string, "ruleText": Schema.ref("LocalizedText"), "reference": Schema.string, "day": day, "text": Schema.string,
            "points": Schema.number, "applied": Schema.number, "certainty": Schema.oneOf(Certainty.self),
        ]),
        "IndicatorScore": Schema.object([
            "indicator": Schema.string, "name": Schema.ref("LocalizedText"), "weight": Schema.number, "score": Schema.nullableNumber, "basis": Schema.string,
        ]),
        "CreditRating": Schema.object([
            "enterprise": Schema.string, "name": Schema.string, "year": Schema.integer, "scheme": Schema.string, "schemeVersion": Schema.integer,
            "score": Schema.nullableNumber, "grade": Schema.nullableString, "gradeName": Schema.nullableRef("LocalizedText"),
            "plate": Schema.nullableRef("LocalizedText"), "colour": Schema.nullableString, "deductions": Schema.array(Schema.ref("CreditDeduction")),
            "indicators": Schema.array(Schema.ref("IndicatorScore")), "oneVote": strings, "downgraded": Schema.boolean, "measures": strings,
            "arithmetic": Schema.string,
        ]),
        "CreditDocument": Schema.object([
            "year": Schema.integer, "scheme": Schema.string, "schemeVersion": Schema.integer, "ratings": Schema.array(Schema.ref("CreditRating")),
            "reconstructed": strings,
        ]),
        "CreditObjection": Schema.object([
            "number": Schema.integer, "filedOn": day, "by": Schema.string, "reason": Schema.string, "evidence": strings,
            "decision": Schema.nullableString, "decidedOn": nullableDay, "decidedBy": Schema.nullableString, "cancels": strings, "note": Schema.string,
        ]),
        "CreditRepair": Schema.object([
            "appliedOn": day, "by": Schema.string, "evidence": strings, "cancels": strings, "verifyBy": day,
            "decision": Schema.nullableString, "decidedOn": nullableDay, "decidedBy": Schema.nullableString, "note": Schema.string,
        ]),
        "CreditFile": Schema.object([
            "rating": Schema.ref("CreditRating"), "stage": Schema.oneOf(CreditStage.self), "noticeFrom": nullableDay, "noticeUntil": nullableDay,
            "objections": Schema.array(Schema.ref("CreditObjection")), "finalizedOn": nullableDay, "finalizedBy": Schema.nullableString,
            "repairs": Schema.array(Schema.ref("CreditRepair")), "cancelled": strings,
        ]),
        "RiskClassification": Schema.object([
            "source": Schema.string, "q": Schema.number, "qBand": Schema.integer, "mBand": Schema.integer, "airLevel": Schema.string,
            "waterLevel": Schema.string, "level": Schema.string, "arithmetic": Schema.string,
        ]),
        "NearbyItem": Schema.object([
            "category": Schema.string, "id": Schema.string, "name": Schema.string, "kind": Schema.string, "distanceKm": Schema.number,
        ]),
        "EmergencyPlan": Schema.object([
            "id": Schema.string, "enterprise": Schema.string, "filed": day, "expires": day, "level": Schema.oneOf(EmergencyLevel.self), "synthetic": Schema.boolean,
        ]),
        "PlanExpiry": Schema.object(["plan": Schema.ref("EmergencyPlan"), "daysLeft": Schema.integer, "status": Schema.string]),
    ]
}

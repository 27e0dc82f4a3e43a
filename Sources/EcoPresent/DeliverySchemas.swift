import EcoCore
import EcoDelivery
import Foundation
import OpenAPIKit

/// The component schemas of the delivery documents (`/api/v1/projects`, `/tasks`, `/cases`, `/ranking/monthly`,
/// `/accountability`, `/reward-penalty`, `/programmes`), the same as the CLI's `--format json`.
enum DeliverySchemas {
    static let day = JSONSchema.string(pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    static let nullableDay = JSONSchema.string(nullable: true, pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    static let strings = Schema.array(Schema.string)
    static let certainty = Schema.oneOf(Certainty.self)

    static let all: OrderedDictionary<String, JSONSchema> = [
        "Milestone": Schema.object(["due": day, "title": Schema.string]),
        "ProgrammeItem": Schema.object([
            "id": Schema.string, "column": Schema.integer, "columnTitle": Schema.ref("LocalizedText"), "title": Schema.ref("LocalizedText"),
            "summary": Schema.string, "regions": Schema.array(Schema.regionCode), "places": strings, "section": Schema.string,
        ]),
        "ProjectReport": Schema.object([
            "period": Schema.string, "completion": Schema.number, "investmentDone": Schema.nullableNumber, "note": Schema.string, "evidence": strings, "by": Schema.string,
        ]),
        "Project": Schema.object([
            "id": Schema.string, "name": Schema.string, "programme": Schema.string, "region": Schema.regionCode, "leadDepartment": Schema.string,
            "investmentPlanned": Schema.number, "investmentDone": Schema.number, "start": day, "end": day, "milestones": Schema.array(Schema.ref("Milestone")),
            "indicators": strings, "status": Schema.oneOf(ProjectStatus.self), "evidence": strings, "reports": Schema.array(Schema.ref("ProjectReport")),
            "synthetic": Schema.boolean,
        ], description: "investments in 10^4 yuan (万元)"),
        "ProjectProgress": Schema.object([
            "project": Schema.string, "asOf": day, "elapsedShare": Schema.number, "completion": Schema.number, "reportedPeriod": Schema.nullableString,
            "gap": Schema.number, "investmentShare": Schema.nullableNumber, "overdue": Schema.boolean, "atRisk": Schema.boolean, "missedMilestones": strings,
        ], description: "elapsedShare is 序时进度 in %, gap = completion − elapsedShare in percentage points"),
        "ProjectRow": Schema.object(["project": Schema.ref("Project"), "progress": Schema.ref("ProjectProgress"), "programmeTitle": Schema.string,
                                     "leadName": Schema.string, "regionName": Schema.string]),
        "ProjectsDocument": Schema.object(["asOf": day, "projects": Schema.array(Schema.ref("ProjectRow"))]),
        "TaskUpdate": Schema.object(["on": day, "completion": Schema.number, "note": Schema.string, "evidence": strings, "by": Schema.string]),
        "TaskEscalation": Schema.object(["rung": Schema.string, "on": day, "overdueDays": Schema.integer, "by": Schema.string]),
        "DeliveryTask": Schema.object([
            "id": Schema.string, "year": Schema.integer, "title": Schema.string, "source": Schema.string, "region": Schema.regionCode, "lead": Schema.string,
            "supporting": strings, "responsible": Schema.string, "start": day, "deadline": day, "milestones": Schema.array(Schema.ref("Milestone")),
            "updates": Schema.array(Schema.ref("TaskUpdate")), "closedOn": nullableDay, "closedBy": Schema.nullableString,
            "escalations": Schema.array(Schema.ref("TaskEscalation")), "synthetic": Schema.boolean,
        ]),
        "TaskRow": Schema.object([
            "task": Schema.ref("DeliveryTask"), "status": Schema.oneOf(TaskStatus.self), "statusLabel": Schema.string, "elapsedShare": Schema.number,
            "completion": Schema.number, "overdueDays": Schema.integer, "overdue": Schema.boolean, "dueRung": Schema.nullableString, "leadName": Schema.string,
        ]),
        "DepartmentLoad": Schema.object([
            "department": Schema.string, "name": Schema.ref("LocalizedText"), "led": Schema.integer, "supported": Schema.integer, "closed": Schema.integer,
            "awaiting": Schema.integer, "lagging": Schema.integer, "overdue": Schema.integer, "completionRate": Schema.nullableNumber, "meanCompletion": Schema.nullableNumber,
        ]),
        "LadderRung": Schema.object(["id": Schema.string, "name": Schema.ref("LocalizedText"), "overdueDays": Schema.integer]),
        "TasksDocument": Schema.object([
            "asOf": day, "year": Schema.nullableInteger, "tasks": Schema.array(Schema.ref("TaskRow")), "departments": Schema.array(Schema.ref("DepartmentLoad")),
            "ladder": Schema.array(Schema.ref("LadderRung")), "reconstructed": strings,
        ]),
        "CaseStep": Schema.object([
            "action": Schema.string, "from": Schema.oneOf(CaseState.self, nullable: true), "to": Schema.oneOf(CaseState.self), "on": day, "by": Schema.string,
            "note": Schema.string, "evidence": strings,
        ]),
        "CaseOutcome": Schema.object([
            "firmsOrdered": Schema.integer, "filed": Schema.integer, "fines": Schema.number, "criminal": Schema.integer, "detained": Schema.integer,
            "summoned": Schema.integer, "accountable": Schema.integer,
        ]),
        "SupervisionCase": Schema.object([
            "id": Schema.string, "title": Schema.string, "region": Schema.regionCode, "source": Schema.oneOf(CaseSource.self), "severity": Schema.oneOf(CaseSeverity.self),
            "foundOn": day, "state": Schema.oneOf(CaseState.self), "unit": Schema.nullableString, "deadline": nullableDay, "target": Schema.nullableString,
            "rung": Schema.integer, "failedVerifications": Schema.integer, "reopened": Schema.integer, "outcome": Schema.ref("CaseOutcome"),
            "steps": Schema.array(Schema.ref("CaseStep")), "synthetic": Schema.boolean,
        ]),
        "CaseRow": Schema.object(["supervisionCase": Schema.ref("SupervisionCase"), "stateLabel": Schema.string, "overdue": Schema.boolean, "flags": strings,
                                  "unitName": Schema.nullableString]),
        "CaseCounters": Schema.object([
            "cases": Schema.integer, "closed": Schema.integer, "overdue": Schema.integer, "firmsOrdered": Schema.integer, "filed": Schema.integer, "fines": Schema.number,
            "criminal": Schema.integer, "detained": Schema.integer, "summoned": Schema.integer, "accountable": Schema.integer, "byState": Schema.map(Schema.integer),
        ], description: "fines in 10^4 yuan (万元)"),
        "CasesDocument": Schema.object(["asOf": day, "cases": Schema.array(Schema.ref("CaseRow")), "counters": Schema.ref("CaseCounters")]),
        "MonthlyAirFigures": Schema.object([
            "region": Schema.regionCode, "year": Schema.integer, "month": Schema.integer, "yearToDate": Schema.boolean, "compositeIndex": Schema.nullableNumber,
            "pm25": Schema.nullableNumber, "pm10": Schema.nullableNumber, "so2": Schema.nullableNumber, "goodDayRatio": Schema.nullableNumber, "valid": Schema.boolean,
        ]),
        "RankEntry": Schema.object([
            "region": Schema.regionCode, "rank": Schema.integer, "valid": Schema.boolean, "current": Schema.ref("MonthlyAirFigures"),
            "previous": Schema.nullableRef("MonthlyAirFigures"), "indexChange": Schema.nullableNumber, "pm25Change": Schema.nullableNumber,
            "improvementRank": Schema.nullableInteger,
        ]),
        "AirRanking": Schema.object([
            "level": Schema.string, "year": Schema.integer, "month": Schema.integer, "yearToDate": Schema.boolean, "entries": Schema.array(Schema.ref("RankEntry")),
            "listSize": Schema.integer, "best": Schema.array(Schema.regionCode), "worst": Schema.array(Schema.regionCode),
            "mostImproved": Schema.array(Schema.regionCode), "leastImproved": Schema.array(Schema.regionCode), "average": Schema.nullableNumber,
        ]),
        "TriggerFigure": Schema.object(["period": Schema.string, "text": Schema.string]),
        "TriggerFiring": Schema.object([
            "rule": Schema.string, "ruleText": Schema.ref("LocalizedText"), "accountable": Schema.ref("LocalizedText"), "region": Schema.regionCode,
            "month": Schema.string, "periods": strings, "figures": Schema.array(Schema.ref("TriggerFigure")), "provisional": Schema.boolean, "certainty": certainty,
        ]),
        "AccountabilityDocument": Schema.object(["month": Schema.string, "firings": Schema.array(Schema.ref("TriggerFiring")), "reconstructed": strings]),
        "RewardPenaltyLine": Schema.object([
            "indicator": Schema.string, "test": Schema.string, "value": Schema.number, "base": Schema.number, "difference": Schema.number, "amount": Schema.number,
            "arithmetic": Schema.string, "certainty": certainty,
        ]),
        "CityRewardPenalty": Schema.object([
            "region": Schema.regionCode, "month": Schema.string, "lines": Schema.array(Schema.ref("RewardPenaltyLine")), "rewards": Schema.number,
            "penalties": Schema.number, "net": Schema.number, "note": Schema.nullableString,
        ], description: "amounts in 10^4 yuan (万元); positive a reward, negative a penalty"),
        "RewardPenaltyDocument": Schema.object([
            "month": Schema.string, "cities": Schema.array(Schema.ref("CityRewardPenalty")), "totalRewards": Schema.number, "totalPenalties": Schema.number,
            "reconstructed": strings,
        ]),
    ]
}

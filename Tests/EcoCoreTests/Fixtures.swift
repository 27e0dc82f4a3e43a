import EcoCore
import EcoKit

/// A small tree and framework built in code, so each test states exactly what it depends on.
enum Fixture {
    static let p = Provenance(basis: "test", source: "test", certainty: .documented)

    static func code(_ s: String) -> RegionCode { RegionCode(s)! }

    static let tree = RegionTree([
        Region(code: code("140000"), name: LocalizedText(zh: "山西省", en: "Shanxi"), level: .province, parent: nil, kind: "省",
               attributes: ["economicZone": "中部"]),
        Region(code: code("140100"), name: LocalizedText(zh: "太原市", en: "Taiyuan"), level: .city, parent: code("140000"), kind: "地级市"),
        Region(code: code("140121"), name: LocalizedText(zh: "清徐县", en: "Qingxu"), level: .county, parent: code("140100"), kind: "县",
               attributes: ["terrain": "平原"]),
        Region(code: code("140122"), name: LocalizedText(zh: "阳曲县", en: "Yangqu"), level: .county, parent: code("140100"), kind: "县",
               attributes: ["terrain": "山区"]),
        Region(code: code("140123"), name: LocalizedText(zh: "娄烦县", en: "Loufan"), level: .county, parent: code("140100"), kind: "县"),
        Region(code: code("140202"), name: LocalizedText(zh: "城区", en: "Chengqu"), level: .county, parent: code("140200"), kind: "市辖区",
               validTo: "2017-12-31"),
    ])

    static func indicator(id: String = "forest", unit: String = "%", direction: Direction = .higher, comparator: Comparator = .atLeast,
                          targets: [TargetRule] = [TargetRule(milestone: 2025, target: .threshold(20))],
                          allowedLevels: [String]? = nil) -> Indicator {
        Indicator(id: id, number: 1, name: LocalizedText(zh: id, en: id), category: "env", unit: unit, direction: direction,
                  comparator: comparator, attribute: .binding, levels: [.province, .city, .county], targets: targets,
                  allowedLevels: allowedLevels, provenance: p)
    }

    static func framework(_ indicators: [Indicator]) -> Framework {
        Framework(id: "fw", version: 1, name: LocalizedText(zh: "测试", en: "Test"), description: nil, baseYear: 2020,
                  milestones: [2025, 2030], categories: [Category(id: "env", name: LocalizedText(zh: "环境", en: "Env"))],
                  indicators: indicators, basicConditions: [], dataElements: nil,
                  ecoCityRule: EcoCityRule(share: 0.8, rule: "allApplicableAttained"), provenance: p)
    }
}

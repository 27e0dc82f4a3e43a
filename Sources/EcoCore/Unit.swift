public import EcoKit
import Foundation

/// A unit an indicator may be measured in, with the physical range of its values.
public struct Unit: Sendable, Hashable {
    public var symbol: String
    public var name: LocalizedText
    public var range: ValueRange?

    /// Every unit a framework may use. A framework naming another unit is rejected at load time, so a typo such as
    /// `percent` or `%%` never reaches the data. Ranges are physical limits, not targets.
    public static let catalogue: [String: Unit] = {
        let nonNegative = ValueRange(min: 0, max: nil)
        let list: [Unit] = [
            Unit(symbol: "%", name: LocalizedText(zh: "百分比", en: "percent"), range: ValueRange(min: 0, max: 100)),
            Unit(symbol: "pH", name: LocalizedText(zh: "pH值", en: "pH"), range: ValueRange(min: 0, max: 14)),
            Unit(symbol: "元/人", name: LocalizedText(zh: "元/人", en: "yuan per person"), range: nonNegative),
            Unit(symbol: "kg/万元", name: LocalizedText(zh: "千克/万元", en: "kg per 10k yuan"), range: nonNegative),
            Unit(symbol: "t/万元", name: LocalizedText(zh: "吨/万元", en: "t per 10k yuan"), range: nonNegative),
            Unit(symbol: "tce/万元", name: LocalizedText(zh: "吨标准煤/万元", en: "tce per 10k yuan"), range: nonNegative),
            Unit(symbol: "m³/万元", name: LocalizedText(zh: "立方米/万元", en: "m³ per 10k yuan"), range: nonNegative),
            Unit(symbol: "μg/m³", name: LocalizedText(zh: "微克/立方米", en: "µg/m³"), range: nonNegative),
            Unit(symbol: "mg/m³", name: LocalizedText(zh: "毫克/立方米", en: "mg/m³"), range: nonNegative),
            Unit(symbol: "m²/人", name: LocalizedText(zh: "平方米/人", en: "m² per person"), range: nonNegative),
            Unit(symbol: "km", name: LocalizedText(zh: "千米", en: "km"), range: nonNegative),
            Unit(symbol: "ha", name: LocalizedText(zh: "公顷", en: "ha"), range: nonNegative),
            Unit(symbol: "km²", name: LocalizedText(zh: "平方千米", en: "km²"), range: nonNegative),
            Unit(symbol: "kg", name: LocalizedText(zh: "千克", en: "kg"), range: nonNegative),
            Unit(symbol: "天", name: LocalizedText(zh: "天", en: "days"), range: ValueRange(min: 0, max: 366)),
            Unit(symbol: "个", name: LocalizedText(zh: "个", en: "count"), range: nonNegative),
            Unit(symbol: "人", name: LocalizedText(zh: "人", en: "persons"), range: nonNegative),
            Unit(symbol: "万元", name: LocalizedText(zh: "万元", en: "10k yuan"), range: nonNegative),
            Unit(symbol: "指数", name: LocalizedText(zh: "指数", en: "index"), range: nonNegative),
            Unit(symbol: "-", name: LocalizedText(zh: "定性", en: "qualitative"), range: nil),
        ]
        return Dictionary(uniqueKeysWithValues: list.map { ($0.symbol, $0) })
    }()
}

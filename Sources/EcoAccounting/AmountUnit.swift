import Foundation

/// What an amount measures; each dimension has one base unit (t, m³, kWh, GJ, tce) that every other unit of it
/// converts to by a fixed scale.
public enum AmountDimension: String, Sendable, Codable, CaseIterable {
    /// Mass, base t.
    case mass
    /// Volume, base m³.
    case volume
    /// Electricity, base kWh.
    case electricity
    /// Heat, base GJ.
    case heat
    /// Standard coal equivalent, base tce.
    case coal
}

/// An amount unit of the energy and accounting files (issue #15: t, 10^4 t, m3, 10^4 m3, 10^8 m3, kWh, 10^8 kWh, GJ,
/// tce, 10^4 tce — and the few more the factor sets use: 10^3 m3, MWh, 10^4 kWh, TJ). `symbol` is how outputs write
/// it; `parse` also accepts the Chinese names (万吨, 亿立方米, 万千瓦时, 吨标准煤, …) and spacing variants.
public struct AmountUnit: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The canonical symbol, e.g. `10^4 t`.
    public let symbol: String
    /// What it measures.
    public let dimension: AmountDimension
    /// Base units per one of this unit (10^4 t → 10 000 t).
    public let scale: Double

    /// Creates a unit.
    public init(symbol: String, dimension: AmountDimension, scale: Double) { self.symbol = symbol; self.dimension = dimension; self.scale = scale }

    /// The symbol.
    public var description: String { symbol }

    /// Every unit, with the texts that name it (compared without spaces, case-insensitively).
    static let table: [(AmountUnit, [String])] = [
        (AmountUnit(symbol: "t", dimension: .mass, scale: 1), ["t", "吨"]),
        (AmountUnit(symbol: "10^4 t", dimension: .mass, scale: 1e4), ["10^4t", "万t", "万吨", "1e4t"]),
        (AmountUnit(symbol: "m3", dimension: .volume, scale: 1), ["m3", "m³", "立方米"]),
        (AmountUnit(symbol: "10^3 m3", dimension: .volume, scale: 1e3), ["10^3m3", "1000m3", "千立方米", "10^3m³"]),
        (AmountUnit(symbol: "10^4 m3", dimension: .volume, scale: 1e4), ["10^4m3", "万m3", "万立方米", "10^4m³", "万m³"]),
        (AmountUnit(symbol: "10^8 m3", dimension: .volume, scale: 1e8), ["10^8m3", "亿m3", "亿立方米", "10^8m³", "亿m³"]),
        (AmountUnit(symbol: "kWh", dimension: .electricity, scale: 1), ["kwh", "千瓦时", "度"]),
        (AmountUnit(symbol: "MWh", dimension: .electricity, scale: 1e3), ["mwh", "兆瓦时"]),
        (AmountUnit(symbol: "10^4 kWh", dimension: .electricity, scale: 1e4), ["10^4kwh", "万kwh", "万千瓦时"]),
        (AmountUnit(symbol: "10^8 kWh", dimension: .electricity, scale: 1e8), ["10^8kwh", "亿kwh", "亿千瓦时"]),
        (AmountUnit(symbol: "GJ", dimension: .heat, scale: 1), ["gj", "吉焦"]),
        (AmountUnit(symbol: "TJ", dimension: .heat, scale: 1e3), ["tj", "太焦"]),
        (AmountUnit(symbol: "tce", dimension: .coal, scale: 1), ["tce", "吨标准煤", "吨标煤"]),
        (AmountUnit(symbol: "10^4 tce", dimension: .coal, scale: 1e4), ["10^4tce", "万tce", "万吨标准煤", "万吨标煤"]),
    ]

    /// The unit a text names, nil when none.
    public static func parse(_ text: String) -> AmountUnit? {
        let key = text.filter { !$0.isWhitespace }.lowercased()
        guard !key.isEmpty else { return nil }
        return table.first { $0.1.contains(key) }?.0
    }

    /// The accepted symbols, for error messages.
    public static var accepted: String { table.map(\.0.symbol).joined(separator: ", ") }

    /// `amount` of this unit in `other`, nil when they measure different things.
    public func convert(_ amount: Double, to other: AmountUnit) -> Double? {
        guard dimension == other.dimension else { return nil }
        return amount * scale / other.scale
    }

    /// GJ.
    public static let gigajoule = AmountUnit(symbol: "GJ", dimension: .heat, scale: 1)
    /// tce.
    public static let tce = AmountUnit(symbol: "tce", dimension: .coal, scale: 1)

    /// GB/T 2589-2020 (综合能耗计算通则), definition of 标准煤: 1 kgce has a net calorific value of 29 307 kJ, so
    /// 1 tce = 29.307 GJ.
    public static let gigajoulesPerTce = 29.307
}

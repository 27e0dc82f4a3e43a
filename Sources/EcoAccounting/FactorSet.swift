import Foundation

/// One fuel's CO₂ factor in a factor set: per `unit` of the fuel, either the product of its net calorific value,
/// carbon content and oxidation rate, or a CO₂ factor given directly (a user's set with `fuel,unit,co2_factor`).
///
/// 省级温室气体清单编制指南（试行）(NDRC 2011), energy activity: CO₂ = AD × NCV × CC × OF × 44/12, with NCV in GJ per
/// unit and CC in tC/TJ, so the factor per unit is NCV × CC × OF × 44/12 / 1000 tCO₂.
public struct FuelFactor: Sendable, Codable, Hashable {
    /// The fuel's Chinese name as the energy balance writes it (原煤, 洗精煤, …).
    public var fuel: String
    /// The English name.
    public var nameEn: String?
    /// More names an input may use (其它洗煤 for 其他洗煤, …).
    public var aliases: [String]?
    /// The unit the factor is per (`t`, `10^4 m3`, …), an `AmountUnit` symbol.
    public var unit: String
    /// Net calorific value, GJ per unit.
    public var ncv: Double?
    /// Carbon content, tC/TJ.
    public var carbonContent: Double?
    /// Oxidation rate, 0–1.
    public var oxidation: Double?
    /// tCO₂ per unit, as stored (checked against the product when the three factors are given).
    public var co2Factor: Double
    /// Standard-coal coefficient, tce per unit (GB/T 2589 附录 A); nil when unknown (then NCV / 29.307 is used).
    public var coalCoefficient: Double?
    /// Where the values come from.
    public var source: String
    /// found, reconstructed or user (shown wherever the factor is used).
    public var certainty: String

    /// Creates a factor.
    public init(fuel: String, nameEn: String? = nil, aliases: [String]? = nil, unit: String, ncv: Double? = nil, carbonContent: Double? = nil,
                oxidation: Double? = nil, co2Factor: Double, coalCoefficient: Double? = nil, source: String, certainty: String) {
        self.fuel = fuel; self.nameEn = nameEn; self.aliases = aliases; self.unit = unit; self.ncv = ncv; self.carbonContent = carbonContent
        self.oxidation = oxidation; self.co2Factor = co2Factor; self.coalCoefficient = coalCoefficient; self.source = source; self.certainty = certainty
    }

    /// NCV × CC × OF × 44/12 / 1000 (tCO₂ per unit), nil unless all three are given.
    public var product: Double? {
        guard let ncv, let carbonContent, let oxidation else { return nil }
        return Self.product(ncv: ncv, carbonContent: carbonContent, oxidation: oxidation)
    }

    /// NCV (GJ/unit) × CC (tC/TJ) × OF × 44/12 / 1000 — 省级温室气体清单编制指南（试行）, 能源活动 CO₂.
    public static func product(ncv: Double, carbonContent: Double, oxidation: Double) -> Double {
        ncv * carbonContent * oxidation * 44 / 12 / 1000
    }

    /// The unit, parsed.
    public var amountUnit: AmountUnit? { AmountUnit.parse(unit) }

    /// tce per unit: the coefficient, else the calorific equivalent NCV / 29.307 (GB/T 2589), nil without either.
    public var tcePerUnit: Double? { coalCoefficient ?? ncv.map { $0 / AmountUnit.gigajoulesPerTce } }

    /// Why the stored factor disagrees with its product (more than half a unit of its fifth significant digit), nil
    /// when it agrees or there is nothing to compare.
    public var productProblem: String? {
        guard let p = product else { return nil }
        guard abs(p - co2Factor) <= 5e-5 * max(abs(co2Factor), 1e-9) else {
            return "\(fuel): the stored CO2 factor \(co2Factor) differs from NCV × CC × OF × 44/12 = \(String(format: "%.5f", p))"
        }
        return nil
    }

    /// True when `name` names this fuel (Chinese, English or an alias; spaces and case ignored).
    public func matches(_ name: String) -> Bool {
        let k = Self.key(name)
        return Self.key(fuel) == k || nameEn.map { Self.key($0) == k } == true || (aliases ?? []).contains { Self.key($0) == k }
    }

    /// A name as fuels are compared: without spaces, lower case.
    public static func key(_ s: String) -> String { s.filter { !$0.isWhitespace }.lowercased() }
}

/// Which grid's electricity CO₂ factor prices net imported electricity.
public enum GridChoice: String, Sendable, Codable, CaseIterable {
    /// The national average (全国电网平均).
    case national
    /// The North China regional grid (华北区域电网).
    case northChina = "north-china"
    /// Shanxi's provincial factor (山西省).
    case provincial

    /// The Chinese name.
    public var nameZh: String {
        switch self {
        case .national: return "全国电网平均"
        case .northChina: return "华北区域电网"
        case .provincial: return "山西省级"
        }
    }
}

/// One published electricity CO₂ factor.
public struct GridFactor: Sendable, Codable, Hashable {
    /// The grid.
    public var grid: GridChoice
    /// The year the factor is for.
    public var year: Int
    /// tCO₂ per MWh (= kgCO₂/kWh).
    public var value: Double
    /// Where it comes from.
    public var source: String
    /// found or reconstructed.
    public var certainty: String
}

/// A versioned set of factors: the fuels' CO₂ factors and standard-coal coefficients, the electricity factors by grid
/// and year, and electricity's standard-coal coefficient.
public struct FactorSet: Sendable, Codable, Hashable {
    /// The id `--factors` chooses.
    public var id: String
    /// Its version (a re-import of the same id bumps it).
    public var version: Int
    /// What the set is.
    public var name: String
    /// The fuels.
    public var fuels: [FuelFactor]
    /// Electricity factors by grid and year (may be empty in a user's set: the built-in ones are used then).
    public var grid: [GridFactor]
    /// Electricity's standard-coal coefficient, kgce/kWh (当量值 0.1229, GB/T 2589), nil to leave electricity out of
    /// the standard-coal total.
    public var electricityKgcePerKWh: Double?
    /// Where the set comes from.
    public var source: String

    /// Creates a set.
    public init(id: String, version: Int = 1, name: String, fuels: [FuelFactor], grid: [GridFactor], electricityKgcePerKWh: Double?, source: String) {
        self.id = id; self.version = version; self.name = name; self.fuels = fuels; self.grid = grid
        self.electricityKgcePerKWh = electricityKgcePerKWh; self.source = source
    }

    /// The fuel a name names, nil when none.
    public func fuel(_ name: String) -> FuelFactor? { fuels.first { $0.matches(name) } }

    /// The factor of a grid for a year: the one of that year, else the latest earlier one, else the earliest (the
    /// factors are published two to three years late); nil when the grid has none.
    public func gridFactor(_ grid: GridChoice, year: Int) -> GridFactor? {
        let list = self.grid.filter { $0.grid == grid }.sorted { $0.year < $1.year }
        return list.last { $0.year <= year } ?? list.first
    }

    /// Every stored factor that disagrees with its product.
    public var problems: [String] { fuels.compactMap(\.productProblem) }
}

/// The 17 fossil fuels of China's energy balance as provincial inventories and CEADs use them (issue #15).
public enum EnergyBalanceFuels {
    /// Their Chinese names, in the balance's order.
    public static let names = ["原煤", "洗精煤", "其他洗煤", "型煤", "焦炭", "焦炉煤气", "其他煤气", "其他焦化产品", "原油", "汽油",
                               "煤油", "柴油", "燃料油", "液化石油气", "炼厂干气", "其他石油制品", "天然气"]
}

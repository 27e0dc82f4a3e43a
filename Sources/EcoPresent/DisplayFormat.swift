public import EcoCore
import EcoKit
import Foundation

/// How figures are shown to people, in the CLI and on the pages alike: rounded by GB/T 8170 to the indicator's
/// decimals, targets as `≥ 65`, `[6, 9]` or `达标`, a dash for what cannot be shown.
public enum DisplayFormat {
    /// A value as users read it: a number rounded to the indicator's decimals (`NumberText.fixed`), a level as it
    /// is, a dash when missing.
    public static func value(_ v: ObservationValue?, _ ind: Indicator?) -> String {
        switch v {
        case .number(let n)?: return NumberText.fixed(n, decimals: ind?.decimals ?? 2)
        case .level(let l)?: return l
        case nil: return "—"
        }
    }

    /// A target as users read it: `≥ 65`, `[6.5, 8.5]`, `达标/良好`.
    public static func target(_ t: TargetValue, _ ind: Indicator) -> String {
        switch t {
        case .threshold(let v): return "\(ind.comparator.symbol) \(NumberText.shortest(v))"
        case .range(let lo, let hi): return "[\(NumberText.shortest(lo)), \(NumberText.shortest(hi))]"
        case .levels(let l): return l.joined(separator: "/")
        }
    }

    public static func target(_ t: TargetValue?, _ ind: Indicator) -> String {
        t.map { target($0, ind) } ?? "—"
    }
}

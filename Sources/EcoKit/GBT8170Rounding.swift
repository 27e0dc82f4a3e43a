import Foundation

/// Rounding of reported figures to a number of decimals by GB/T 8170-2008 《数值修约规则与极限数值的表示和判定》
/// §3.2 (进舍规则): a dropped part below half rounds down, above half rounds up, and exactly half rounds to the
/// even neighbour (四舍六入五成双), e.g. 0.125 → 0.12 and 0.135 → 0.14 to two decimals.
///
/// The decision is taken on the shortest decimal text of the double (what the user typed or the file held), with
/// `Decimal` arithmetic, so that 2.675 — stored in binary as 2.67499999… — is treated as the decimal 2.675 it was
/// written as.
public enum GBT8170Rounding {
    /// `value` rounded to `decimals` places (0–10) by §3.2.
    public static func round(_ value: Double, decimals: Int) -> Double {
        guard value.isFinite else { return value }
        guard var d = Decimal(string: "\(value)") else { return value }
        var result = Decimal()
        NSDecimalRound(&result, &d, max(0, min(decimals, 10)), .bankers)
        // Through the decimal text: Decimal's own doubleValue can land one ulp off (0.14 → 0.13999999999999999).
        return Double("\(result)") ?? value
    }

    /// The rounded value as text with exactly `decimals` places (`23.50`), for tables and reports.
    public static func format(_ value: Double, decimals: Int) -> String {
        String(format: "%.\(max(0, min(decimals, 10)))f", round(value, decimals: decimals))
    }
}

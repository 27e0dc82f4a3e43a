import Foundation

/// The unified social credit code (统一社会信用代码) of GB 32100-2015 《法人和其他组织统一社会信用代码编码规则》:
/// 18 characters from the 31 of the code set (digits and capital letters without I, O, Z, S, V) — registration
/// authority (1), organisation type (1), the administrative division of the registering office (6), the organisation
/// code (9), and a check character. The check character makes Σ Cᵢ·Wᵢ + C₁₈ ≡ 0 (mod 31) over the first 17
/// characters' values Cᵢ (their position in the code set) with weights Wᵢ = 3^(i−1) mod 31 (1, 3, 9, 27, 19, 26, 16,
/// 17, 20, 29, 25, 13, 8, 24, 10, 30, 28): C₁₈ = 31 − (Σ Cᵢ·Wᵢ mod 31), and 31 is written 0. (The standard's clause
/// numbers are not in this project's reference notes; the rule was checked against five published codes, see the
/// tests.) The enterprise registry of the pollution-sources issue verifies every code with it.
public enum CreditCode {
    /// The code set in value order: 0–9 are 0–9, A is 10, … Y is 30.
    public static let characters = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")

    /// The weights of positions 1…17.
    public static let weights: [Int] = (0..<17).map { i in (0..<i).reduce(1) { acc, _ in acc * 3 % 31 } }

    /// Why a text is not a valid code.
    public enum Problem: Equatable, Sendable, CustomStringConvertible {
        /// Not 18 characters.
        case length(Int)
        /// A character outside the code set at a 1-based position.
        case character(Character, position: Int)
        /// The check character is not the computed one.
        case check(expected: Character, found: Character)

        public var description: String {
            switch self {
            case .length(let n): return "a unified social credit code has 18 characters, this one \(n)"
            case .character(let c, let p): return "character \(p) '\(c)' is not in the code set (digits and capital letters except I, O, Z, S, V)"
            case .check(let e, let f): return "the check character is '\(f)' but the code's first 17 characters give '\(e)' (GB 32100-2015)"
            }
        }
    }

    /// The check character of the first 17 characters; nil when one is outside the code set.
    public static func checkCharacter(_ first17: some Collection<Character>) -> Character? {
        guard first17.count == 17 else { return nil }
        var sum = 0
        for (i, c) in first17.enumerated() {
            guard let v = characters.firstIndex(of: c) else { return nil }
            sum += v * weights[i]
        }
        let r = 31 - sum % 31
        return characters[r == 31 ? 0 : r]
    }

    /// Nil when `text` is a valid code, else what is wrong (lower-case letters are refused: the standard's set is
    /// capitals).
    public static func problem(_ text: String) -> Problem? {
        let chars = Array(text)
        guard chars.count == 18 else { return .length(chars.count) }
        for (i, c) in chars.enumerated() where !characters.contains(c) { return .character(c, position: i + 1) }
        guard let expected = checkCharacter(chars.prefix(17)) else { return nil }
        return expected == chars[17] ? nil : .check(expected: expected, found: chars[17])
    }
}

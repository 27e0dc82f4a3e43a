public import EcoCore
import EcoKit
import Foundation

/// A query parameter that cannot be used, as one sentence naming it and what was expected (the web answers 400).
public struct QueryError: Error, Sendable, CustomStringConvertible {
    /// The sentence.
    public let message: String
    /// The sentence.
    public var description: String { message }
}

/// The typed, range-checked query parameters of every page and API request: one parser, so a reversed or
/// out-of-range year, an absurd limit or a malformed cursor is a `QueryError`, never a trap.
public struct QueryParameters: Sendable {
    /// The raw values by name (the last one wins when a name repeats).
    public let values: [String: String]

    /// Wraps already split values.
    public init(_ values: [String: String]) { self.values = values }

    /// Splits and percent-decodes a query string (`a=1&b=x%20y`); a pair without `=` has an empty value.
    public init(queryString: String) {
        var out: [String: String] = [:]
        for pair in queryString.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let plus = s.replacingOccurrences(of: "+", with: " ")
                return plus.removingPercentEncoding ?? plus
            }
            guard let k = parts.first else { continue }
            out[decode(k)] = parts.count > 1 ? decode(parts[1]) : ""
        }
        values = out
    }

    /// The value of `name`, nil when absent or empty.
    public subscript(_ name: String) -> String? {
        guard let v = values[name], !v.isEmpty else { return nil }
        return v
    }

    /// A year of `ValueRules.years`, or `default` when absent.
    public func year(_ name: String = "year", default d: Int) throws -> Int {
        try optionalYear(name) ?? d
    }

    /// A year of `ValueRules.years`, nil when absent.
    public func optionalYear(_ name: String) throws -> Int? {
        guard let text = self[name] else { return nil }
        guard text.count <= 4, let y = Int(text), ValueRules.years.contains(y) else {
            throw QueryError(message: "\(name) must be a whole number from \(ValueRules.years.lowerBound) to \(ValueRules.years.upperBound), got '\(text.prefix(40))'")
        }
        return y
    }

    /// The years `from`…`to` (either end open), nil when neither is given; a reversed range is an error.
    public func yearRange(from: String = "from", to: String = "to") throws -> ClosedRange<Int>? {
        let a = try optionalYear(from), b = try optionalYear(to)
        if a == nil && b == nil { return nil }
        let lo = a ?? ValueRules.years.lowerBound, hi = b ?? ValueRules.years.upperBound
        guard lo <= hi else { throw QueryError(message: "\(from) \(lo) is after \(to) \(hi)") }
        return lo...hi
    }

    /// A region level, nil when absent.
    public func optionalLevel(_ name: String = "level") throws -> RegionLevel? {
        guard let text = self[name] else { return nil }
        guard let l = RegionLevel(rawValue: text) else { throw QueryError(message: "\(name) must be province, city or county, got '\(text.prefix(40))'") }
        return l
    }

    /// One of an enumeration's raw values, nil when absent; anything else is an error listing the choices.
    public func optionalChoice<E: RawRepresentable & CaseIterable>(_ name: String, _ type: E.Type) throws -> E? where E.RawValue == String {
        guard let text = self[name] else { return nil }
        guard let v = E(rawValue: text) else {
            throw QueryError(message: "\(name) must be " + E.allCases.map(\.rawValue).joined(separator: ", ") + ", got '\(text.prefix(40))'")
        }
        return v
    }

    /// A region level, or `default` when absent.
    public func level(_ name: String = "level", default d: RegionLevel) throws -> RegionLevel { try optionalLevel(name) ?? d }

    /// `true` or `false` (absent = false).
    public func flag(_ name: String) throws -> Bool {
        switch values[name] {
        case nil, "", "false": return false
        case "true": return true
        case let other?: throw QueryError(message: "\(name) must be true or false, got '\(other.prefix(40))'")
        }
    }

    /// A whole number of `range`, or `default` when absent.
    public func integer(_ name: String, in range: ClosedRange<Int>, default d: Int) throws -> Int {
        guard let text = self[name] else { return d }
        guard text.count <= 12, let n = Int(text), range.contains(n) else {
            throw QueryError(message: "\(name) must be \(range.lowerBound)–\(range.upperBound), got '\(text.prefix(40))'")
        }
        return n
    }

    /// A plain decimal number (`StrictDecimal`'s grammar) inside `range`, nil when absent.
    public func number(_ name: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let text = self[name] else { return nil }
        guard text.count <= 24, case .success(let v) = StrictDecimal.parse(text), range.contains(v) else {
            throw QueryError(message: "\(name) must be a plain number from \(NumberText.shortest(range.lowerBound)) to \(NumberText.shortest(range.upperBound)), got '\(text.prefix(40))'")
        }
        return v
    }

    /// A 6-digit division code, nil when absent (whether the region exists is the caller's question).
    public func regionCode(_ name: String) throws -> RegionCode? {
        guard let text = self[name] else { return nil }
        guard let code = RegionCode(text) else { throw QueryError(message: "'\(text.prefix(40))' is not a 6-digit division code") }
        return code
    }

    /// The keyset cursor `REGION:INDICATOR:YEAR` of a previous page, nil when absent.
    public func cursor(_ name: String = "after", framework: String) throws -> ObservationKey? {
        guard let text = self[name] else { return nil }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let code = RegionCode(parts[0]), !parts[1].isEmpty, parts[1].count <= 64,
              parts[2].count <= 4, let y = Int(parts[2]), ValueRules.years.contains(y) else {
            throw QueryError(message: "\(name) must be a cursor REGION:INDICATOR:YEAR from a previous page, got '\(text.prefix(80))'")
        }
        return ObservationKey(framework: framework, indicator: parts[1], region: code, year: y)
    }
}

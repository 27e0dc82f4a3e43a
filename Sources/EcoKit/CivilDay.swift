public import Foundation

/// A calendar day, as days since 1970-01-01 (no time zone: local dates of Asia/Shanghai, which has no daylight
/// saving time since 1991, so hour arithmetic on local time is exact).
public struct CivilDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let index: Int

    /// The day `index` days after 1970-01-01.
    public init(index: Int) { self.index = index }

    /// Howard Hinnant's days-from-civil algorithm.
    public init(year: Int, month: Int, day: Int) {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        index = era * 146_097 + doe - 719_468
    }

    /// Year, month 1…12 and day 1…31 (Hinnant's civil-from-days).
    public var components: (year: Int, month: Int, day: Int) {
        let z = index + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// The year.
    public var year: Int { components.year }

    /// Earlier days first.
    public static func < (a: CivilDay, b: CivilDay) -> Bool { a.index < b.index }

    /// The civil day in China Standard Time (UTC+8, no daylight saving) of an instant.
    public static func china(_ instant: Date) -> CivilDay {
        CivilDay(index: Int(floor((instant.timeIntervalSince1970 + 8 * 3600) / 86_400)))
    }

    /// The day `days` later (earlier when negative).
    public func adding(_ days: Int) -> CivilDay { CivilDay(index: index + days) }

    /// The same day of the month `months` later (earlier when negative), or that month's last day when it is
    /// shorter: 2025-01-31 + 1 month = 2025-02-28.
    public func adding(months: Int) -> CivilDay {
        let c = components
        let total = c.year * 12 + (c.month - 1) + months
        let y = total / 12, m = total % 12 + 1
        return CivilDay(year: y, month: m, day: min(c.day, CivilDay.daysIn(year: y, month: m)))
    }

    /// The day of the week: 0 Sunday … 6 Saturday (1970-01-01 was a Thursday).
    public var weekday: Int { ((index % 7) + 7 + 4) % 7 }

    /// The `n`-th working day after this day, Saturdays and Sundays not counted (public holidays and their
    /// make-up working days are not known to the calendar and are not counted either).
    public func addingWorkingDays(_ n: Int) -> CivilDay {
        var d = self, left = max(0, n)
        while left > 0 {
            d = d.adding(1)
            if d.weekday != 0 && d.weekday != 6 { left -= 1 }
        }
        return d
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let c = components
        return String(format: "%04d-%02d-%02d", c.year, c.month, c.day)
    }

    /// Parses `YYYY-MM-DD`; nil for anything else or an impossible date.
    public init?(_ text: String) {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == 45, u[7] == 45 else { return nil }
        func n(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r { guard (48...57).contains(u[i]) else { return nil }; v = v * 10 + Int(u[i] - 48) }
            return v
        }
        guard let y = n(0..<4), let m = n(5..<7), let d = n(8..<10), (1...12).contains(m), d >= 1, d <= CivilDay.daysIn(year: y, month: m) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Days in a month of the Gregorian calendar (February 29 in leap years).
    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// A day is encoded as its `YYYY-MM-DD` text.
extension CivilDay: Codable {
    /// Decodes `YYYY-MM-DD`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let d = CivilDay(text) else { throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected a day YYYY-MM-DD, found '\(text)'") }
        self = d
    }

    /// Encodes `YYYY-MM-DD`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

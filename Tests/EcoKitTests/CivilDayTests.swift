import EcoKit
import Foundation
import XCTest

final class CivilDayTests: XCTestCase {
    /// China Standard Time is UTC+8: 2026-06-14 15:59:59 UTC is still 14 June in China (23:59:59), 16:00:00 UTC is
    /// 15 June 00:00. 2026-06-14 00:00 UTC is 1_781_395_200 s after the epoch (20_618 days × 86_400).
    func testChinaDay() {
        let midnightUTC = 1_781_395_200.0
        XCTAssertEqual(CivilDay.china(Date(timeIntervalSince1970: midnightUTC + 16 * 3600 - 1)), CivilDay(year: 2026, month: 6, day: 14))
        XCTAssertEqual(CivilDay.china(Date(timeIntervalSince1970: midnightUTC + 16 * 3600)), CivilDay(year: 2026, month: 6, day: 15))
        // Before the epoch the division still rounds down (31 December 1969 16:00 UTC is 1 January 1970 in China).
        XCTAssertEqual(CivilDay.china(Date(timeIntervalSince1970: -8 * 3600 - 1)), CivilDay(year: 1969, month: 12, day: 31))
        XCTAssertEqual(CivilDay.china(Date(timeIntervalSince1970: -8 * 3600)), CivilDay(year: 1970, month: 1, day: 1))
    }
}

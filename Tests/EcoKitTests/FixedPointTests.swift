import EcoKit
import XCTest

/// Fixed-point thousandths (`Milli`) and civil days: the primitives every air computation rests on.
final class FixedPointTests: XCTestCase {
    func testFixedPointParsingAndRounding() {
        XCTAssertEqual(Milli.parse("12"), 12_000)
        XCTAssertEqual(Milli.parse("0.85"), 850)
        XCTAssertEqual(Milli.parse("-3.2"), -3_200)
        XCTAssertEqual(Milli.parse("1.2345"), 1_234, "half to even on the fourth decimal")
        XCTAssertEqual(Milli.parse("1.2355"), 1_236)
        XCTAssertNil(Milli.parse("1.2.3"))
        XCTAssertNil(Milli.parse("abc"))
        XCTAssertNil(Milli.parse(""))
        XCTAssertEqual(Milli.roundedQuotient(25, 2, step: 1), 12, "12.5 → 12")
        XCTAssertEqual(Milli.roundedQuotient(35, 2, step: 1), 18, "17.5 → 18")
        XCTAssertEqual(Milli.text(35_500), "35.5")
        XCTAssertEqual(CivilDay("2024-02-29")?.adding(1).description, "2024-03-01")
        XCTAssertNil(CivilDay("2023-02-29"))
    }

}

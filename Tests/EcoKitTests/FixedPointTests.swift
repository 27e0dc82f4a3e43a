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

/// Fixed-point decimals with a scale per quantity, and the one number formatter.
final class FixedDecimalAndNumberTextTests: XCTestCase {
    func testAScalePerQuantity() {
        // Surface water needs 0.00005 mg/L: five places, 5 units of 10⁻⁵.
        XCTAssertEqual(FixedDecimal.parse("0.00005", places: 5), 5)
        XCTAssertEqual(FixedDecimal.text(5, places: 5), "0.00005")
        // 0.000025 to five places: the dropped 5 is exactly half and 2 is even → 2 (GB/T 8170 §3.2); 0.000035 → 4.
        XCTAssertEqual(FixedDecimal.parse("0.000025", places: 5), 2)
        XCTAssertEqual(FixedDecimal.parse("0.000035", places: 5), 4)
        XCTAssertEqual(FixedDecimal.parse("0.0000251", places: 5), 3, "above half rounds up")
        XCTAssertEqual(FixedDecimal.parse("-1.5", places: 0), -2, "−1.5 → −2 (even)")
        XCTAssertEqual(FixedDecimal.parse("12", places: 0), 12)
        XCTAssertEqual(FixedDecimal.text(-1_250, places: 3), "-1.25")
        XCTAssertEqual(Milli.parse("35.5"), FixedDecimal.parse("35.5", places: 3), "air thousandths are the 3-place case")
    }

    func testOverflowIsARefusalNotATrap() {
        // Int64.max is 9223372036854775807: 10¹⁶ thousandths fit, 10¹⁷ µg/m³ in thousandths (10²⁰) do not.
        XCTAssertEqual(Milli.parse("9223372036854775.807"), Int64.max)
        XCTAssertNil(Milli.parse("9223372036854775.808"))
        XCTAssertNil(Milli.parse("10000000000000000"), "the issue's reproduction: 10¹⁶ µg/m³ is 10¹⁹ thousandths, above Int64.max")
        XCTAssertNil(FixedDecimal.parse("1", places: 19), "more places than Int64 can hold")
        XCTAssertNil(FixedDecimal.parse("1.2.3", places: 2))
        XCTAssertNil(FixedDecimal.parse("+", places: 2))
        // The strict grammar: no '+', bare point or negative zero.
        XCTAssertNil(Milli.parse("+5"))
        XCTAssertNil(Milli.parse(".5"))
        XCTAssertNil(Milli.parse("5."))
        XCTAssertNil(Milli.parse("-0"))
        XCTAssertEqual(Milli.parse("-0.5"), -500)
        XCTAssertEqual(Milli.parse("0"), 0)
    }

    func testNumberText() {
        XCTAssertEqual(NumberText.shortest(6000), "6000")
        XCTAssertEqual(NumberText.shortest(23.57), "23.57")
        XCTAssertEqual(NumberText.shortest(1e308), "1e+308", "no Int conversion trap for huge values")
        XCTAssertEqual(NumberText.shortest(nil as Double?), "—")
        XCTAssertEqual(NumberText.shortest(Double.nan as Double?), "—")
        // GB/T 8170: 2.675 is the decimal 2.675 → 2.68 (half to even: 7 is odd → 8); 0.125 → 0.12.
        XCTAssertEqual(NumberText.fixed(2.675, decimals: 2), "2.68")
        XCTAssertEqual(NumberText.fixed(0.125, decimals: 2), "0.12")
        XCTAssertEqual(NumberText.fixed(nil, decimals: 1), "—")
        // 0.765 → 76.5% → 76 (half to even).
        XCTAssertEqual(NumberText.percent(0.765), "76%")
        XCTAssertEqual(NumberText.percent(0.7651), "77%")
        XCTAssertNil(jsonNumber(.infinity))
        XCTAssertEqual(jsonNumber(2.5), 2.5)
    }
}

/// The pointer fast path of `Milli.parse` (the hourly parser's) agrees with the general parser and never traps.
final class MilliFastPathTests: XCTestCase {
    private func fast(_ s: String) -> Int64? {
        let bytes = Array(s.utf8)
        return bytes.withUnsafeBufferPointer { b in b.baseAddress.map { Milli.parse($0, b.count) } ?? nil }
    }

    func testTheFastPathMatchesTheGrammarAndNeverOverflows() {
        // Found by the air fuzz target: 20 digits overflowed Int64 in the fast path's loop and trapped.
        XCTAssertNil(fast("99999999999999999999"))
        XCTAssertNil(fast("10000000000000000"), "the issue's reproduction")
        XCTAssertEqual(fast("9999999999999999"), nil, "16 digits of µg/m³ is 10¹⁹ thousandths: refused, not wrapped")
        XCTAssertEqual(fast("999999999999.999"), 999_999_999_999_999)
        XCTAssertNil(fast("5."), "no bare point")
        XCTAssertNil(fast(".5"), "no bare point")
        XCTAssertEqual(fast("35.5"), 35_500)
        XCTAssertEqual(fast("0.85"), 850)
        XCTAssertEqual(fast("1.2345"), 1_234, "more than three decimals: the general parser rounds half to even")
        for s in ["12", "0", "7.25", "-3.2", "+4", "1e3", "", "."] {
            XCTAssertEqual(fast(s), Milli.parse(s), s)
        }
    }
}

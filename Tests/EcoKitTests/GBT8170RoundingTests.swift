import EcoKit
import XCTest

/// GB/T 8170-2008 §3.2: below half down, above half up, exactly half to the even neighbour.
final class GBT8170RoundingTests: XCTestCase {
    func testExactlyHalfGoesToEvenNeighbour() {
        // 0.125 → keep 0.12 (2 is even); 0.135 → 0.14 (3 is odd, goes up to 4).
        XCTAssertEqual(GBT8170Rounding.round(0.125, decimals: 2), 0.12)
        XCTAssertEqual(GBT8170Rounding.round(0.135, decimals: 2), 0.14)
        // 12.5 → 12, 13.5 → 14, −2.5 → −2 at zero decimals.
        XCTAssertEqual(GBT8170Rounding.round(12.5, decimals: 0), 12)
        XCTAssertEqual(GBT8170Rounding.round(13.5, decimals: 0), 14)
        XCTAssertEqual(GBT8170Rounding.round(-2.5, decimals: 0), -2)
    }

    func testDecidesOnTheWrittenDecimalNotTheBinaryDouble() {
        // 2.675 is stored as 2.67499999999999982236431605997495353221893310546875; written, it is exactly half:
        // 7 is odd, so 2.68. Naive (x * 100).rounded() / 100 on the double gives 2.67 or 2.68 depending on luck.
        XCTAssertEqual(GBT8170Rounding.round(2.675, decimals: 2), 2.68)
        // 1.005 → 1.00 (0 even), where binary arithmetic wanders.
        XCTAssertEqual(GBT8170Rounding.round(1.005, decimals: 2), 1.0)
    }

    func testAboveAndBelowHalf() {
        // Dropped part 0.0501 > half → up; 0.0499 < half → down.
        XCTAssertEqual(GBT8170Rounding.round(1.2501, decimals: 1), 1.3)
        XCTAssertEqual(GBT8170Rounding.round(1.2499, decimals: 1), 1.2)
        XCTAssertEqual(NumberText.fixed(23.5, decimals: 2), "23.50")
        XCTAssertEqual(NumberText.fixed(46.04, decimals: 0), "46")
    }
}

import EcoStandards
import XCTest

/// GB 32100-2015's check character, with a worked sum and published codes.
final class CreditCodeTests: XCTestCase {
    func testWeightsArePowersOfThreeModuloThirtyOne() {
        XCTAssertEqual(CreditCode.weights, [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28])
    }

    /// 91440300192203821? by hand: values 9 1 4 4 0 3 0 0 1 9 2 2 0 3 8 2 1 times the weights:
    /// 9·1 + 1·3 + 4·9 + 4·27 + 0·19 + 3·26 + 0·16 + 0·17 + 1·20 + 9·29 + 2·25 + 2·13 + 0·8 + 3·24 + 8·10 + 2·30 + 1·28
    /// = 9 + 3 + 36 + 108 + 0 + 78 + 0 + 0 + 20 + 261 + 50 + 26 + 0 + 72 + 80 + 60 + 28 = 831; 831 mod 31 = 25
    /// (31 × 26 = 806); 31 − 25 = 6 → '6'.
    func testAWorkedCheckCharacter() {
        XCTAssertEqual(CreditCode.checkCharacter(Array("91440300192203821")), "6")
        XCTAssertNil(CreditCode.problem("914403001922038216"))
    }

    /// Codes as their holders publish them (business licences, annual reports), including check characters that are
    /// letters.
    func testPublishedCodesVerify() {
        for code in ["914403001922038216", "91110000710925462X", "9144030071526726XG", "91330100799655058B", "91110108551385082Q"] {
            XCTAssertNil(CreditCode.problem(code), code)
        }
    }

    func testEachKindOfMistakeIsNamed() {
        XCTAssertEqual(CreditCode.problem("914403001922038217"), .check(expected: "6", found: "7"))
        XCTAssertEqual(CreditCode.problem("9144030019220382"), .length(16))
        XCTAssertEqual(CreditCode.problem("91440300I92203821G"), .character("I", position: 9))
        XCTAssertEqual(CreditCode.problem("91110000710925462x"), .character("x", position: 18))
        // Two adjacent characters swapped: caught (the weights differ).
        XCTAssertNotNil(CreditCode.problem("914403001922038126"))
        XCTAssertTrue(CreditCode.problem("914403001922038217")!.description.contains("GB 32100-2015"))
    }
}

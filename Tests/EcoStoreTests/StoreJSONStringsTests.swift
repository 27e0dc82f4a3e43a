import EcoStore
import XCTest

/// The hand-written string-map encoder of the HJ 212 write path reads back as the same map, whatever the text.
final class StoreJSONStringsTests: XCTestCase {
    func testStringMapsRoundTrip() throws {
        let maps: [[String: String]] = [
            [:], ["Avg": "12.5", "Flag": "N"], ["Info": "//仪器\"运行\"\\正常/\n\t\u{1}//", "": "", "zz": "a,b;c=d"],
        ]
        for m in maps {
            let text = StoreJSON.encode(strings: m)
            XCTAssertEqual(try StoreJSON.decode(text) as [String: String], m, text)
        }
        XCTAssertEqual(StoreJSON.encode(strings: ["b": "2", "a": "1"]), #"{"a":"1","b":"2"}"#, "keys sorted, no spaces")
        XCTAssertEqual(StoreJSON.encode(strings: ["q": "\"\u{1}"]), #"{"q":"\"\u0001"}"#)
    }
}

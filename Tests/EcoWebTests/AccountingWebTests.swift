import EcoAccounting
import EcoCore
import EcoServices
@testable import EcoWeb
import Foundation
import XCTest

/// The carbon and GEP pages: the figures are the services' (the same as the CLI's), with their arithmetic.
final class AccountingWebTests: XCTestCase {
    func testCarbonPageShowsTheAccountsArithmetic() async throws {
        let (_, store) = try await WebFixture.shared.get()
        let services = Services(store: store, actor: "t")
        let accounts = try await services.carbonAccounts(region: RegionCode("140100")!, grid: .national)
        let a = try XCTUnwrap(accounts.first { $0.year == 2024 })
        let r = try await fetch("/carbon?region=140100&year=2024&grid=national&growth=1.5", as: .anonymous)
        XCTAssertEqual(r.status, .ok)
        // The total in 万t with two decimals, the grid factor of 2022 stated, the GDP chain, each fuel's formula.
        XCTAssertTrue(r.body.contains("<strong>\(AccountingTextProbe.wan(a.totalCO2))</strong> 万tCO2"), "total")
        XCTAssertTrue(r.body.contains("全国电网平均 0.5366 tCO2/MWh (2022)"))
        XCTAssertTrue(r.body.contains(a.gdpChain ?? "no chain"))
        XCTAssertTrue(r.body.contains(xml(a.fuels[0].formula)))
        XCTAssertTrue(r.body.contains("id=\"carbon-peak-chart\""))
        XCTAssertTrue(r.body.contains("情景增速 1.5%"), "the what-if line is drawn and labelled")
        XCTAssertTrue(r.body.contains("id=\"carbon-cities\""))
        // A bad growth is refused with a sentence.
        let bad = try await fetch("/carbon?growth=lots", as: .anonymous)
        XCTAssertEqual(bad.status, .badRequest)
    }

    func testGEPPageShowsAccountsMapAndProtectedShares() async throws {
        let r = try await fetch("/gep?region=140000&year=2025", as: .anonymous)
        XCTAssertEqual(r.status, .ok)
        XCTAssertTrue(r.body.contains("id=\"gep-accounts\""))
        XCTAssertTrue(r.body.contains("Σ children (each computed at its own level)"))
        XCTAssertTrue(r.body.contains("GEP/GDP · 2025"), "the map")
        XCTAssertTrue(r.body.contains("id=\"gep-protected\""))
        XCTAssertTrue(r.body.contains("GEEP = GDP − PDC − EDC + ERS"))
        let en = try await fetch("/gep?region=140100&year=2024&lang=en&method=local", as: .anonymous)
        XCTAssertTrue(en.body.contains("soil retention"))
        XCTAssertFalse(en.body.contains("not in this method"), "the local family counts every account")
    }

    /// The upload: all or nothing, its problems located, the set then chosen on the page.
    func testUploadOfAccountingInputs() async throws {
        let ok = try await fetch("/accounting/upload?kind=factors&set=webtest&file=mine.csv", method: .post, body: "fuel,unit,co2_factor\n原煤,t,1.95\n")
        XCTAssertEqual(ok.status, .ok)
        XCTAssertTrue(ok.body.contains("factor set webtest v1, 1 fuels"), ok.body)
        let page = try await fetch("/carbon?factors=webtest&region=140100&year=2024")
        XCTAssertTrue(page.body.contains("1.95 tCO2/t"), "the uploaded set is used")
        XCTAssertTrue(page.body.contains("id=\"upload\""), "the administrator sees the upload form")
        let bad = try await fetch("/accounting/upload?kind=energy&file=e.csv", method: .post, body: "region,year,fuel,amount,unit\n140100,2024,原煤,-1,t\n")
        XCTAssertEqual(bad.status, .unprocessableContent)
        XCTAssertTrue(bad.body.contains("e.csv:2:4: amount -1 is outside 0 to 10000000000000"), bad.body)
        let kind = try await fetch("/accounting/upload?kind=moon", method: .post, body: "x")
        XCTAssertEqual(kind.status, .badRequest)
        let anonymous = try await fetch("/carbon", as: .anonymous)
        XCTAssertFalse(anonymous.body.contains("id=\"upload\""))
    }

    func testAPIMatchesTheCLIsJSONShape() async throws {
        let r = try await fetch("/api/v1/carbon/accounts?year=2025&region=140000", as: .anonymous)
        let list = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.body.utf8)) as? [[String: Any]])
        XCTAssertEqual(list.count, 1)
        XCTAssertEqual(list[0]["name"] as? String, "山西省")
        XCTAssertEqual(list[0]["grid"] as? String, "provincial")
        XCTAssertEqual(list[0]["gridFactor"] as? Double, 0.7096)
    }
}

/// The page's 万t text, as `AccountingText.wanTonnes` writes it.
enum AccountingTextProbe {
    static func wan(_ t: Double) -> String { String(format: "%.2f", t / 1e4) }
}

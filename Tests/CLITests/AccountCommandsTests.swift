import EcoAccess
import EcoServices
import EcoStoreSQLite
import Foundation
import XCTest

/// The account commands of issue 12 (its first part): `init --admin`, `user add|list|disable|reset-password`,
/// `token create|list|revoke`, with passwords on standard input, and the stored hashes and tokens checked through the
/// services the server will use.
final class AccountCommandsTests: CLITestCase {
    private func run(_ args: [String], stdin: String, expectExit: Int32 = 0) throws -> (out: String, err: String) {
        let p = Process()
        p.executableURL = executable
        p.arguments = args + ["--db", db]
        p.environment = ["ECOPROV_USER": "cli-test", "PATH": "/usr/bin:/bin"]
        let input = Pipe(), out = Pipe(), err = Pipe()
        p.standardInput = input
        p.standardOutput = out
        p.standardError = err
        try p.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let result = (String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
        XCTAssertEqual(p.terminationStatus, expectExit, "ecoprov \(args.joined(separator: " ")): \(result.1)")
        return result
    }

    func testAccountsAndTokensFromTheCommandLine() async throws {
        XCTAssertTrue(try run(["init", "--admin", "root", "--password-stdin", "--lang", "en"], stdin: "correct horse battery\n").out
            .contains("administrator root created (Shanxi"))
        XCTAssertTrue(try run(["user", "add", "li", "--role", "county-reporter", "--region", "140105", "--password-stdin"], stdin: "short\n",
                              expectExit: 1).err.contains("at least 10 characters"))
        XCTAssertTrue(try run(["user", "add", "li", "--role", "county-reporter", "--region", "140100", "--password-stdin"],
                              stdin: "county password 1\n", expectExit: 1).err.contains("scoped to a county, and 140100"))
        _ = try run(["user", "add", "li", "--role", "county-reporter", "--region", "140105", "--password-stdin"], stdin: "county password 1\n")
        XCTAssertTrue(try run(["user", "add", "li", "--role", "viewer", "--region", "140000", "--password-stdin"], stdin: "another password\n",
                              expectExit: 1).err.contains("'li' is taken"))
        let list = try run(["user", "list"], stdin: "").out
        XCTAssertTrue(list.contains("li    county-reporter  140105  active"), list)
        let token = try run(["token", "create", "li", "--label", "nightly export"], stdin: "").out.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertTrue(token.hasPrefix("eco_") && token.count == 47, token)

        let services = Services(store: try SQLiteStore(path: db), actor: "test")
        let stored = try await services.store.account(named: "li")
        XCTAssertTrue(stored?.passwordHash.hasPrefix("$2b$12$") == true, "bcrypt, cost 12")
        XCTAssertFalse(stored?.passwordHash.contains("county password") == true)
        let right = try await services.checkPassword("li", "county password 1")
        let wrong = try await services.checkPassword("li", "county password 2")
        XCTAssertEqual([right, wrong], [true, false])
        let viaToken = try await services.account(forToken: token)
        XCTAssertEqual(viaToken?.name, "li")
        let tokens = try await services.store.tokens(account: "li")
        XCTAssertNotNil(tokens.first?.lastUsedAt, "the use was recorded")
        XCTAssertFalse(tokens.first?.hash.contains(token) == true, "only the hash is stored")

        _ = try run(["token", "revoke", "\(try XCTUnwrap(tokens.first?.id))"], stdin: "")
        let revoked = try await services.account(forToken: token)
        XCTAssertNil(revoked, "a revoked token acts as nobody")
        _ = try run(["user", "reset-password", "li", "--password-stdin"], stdin: "a new long password\n")
        let reset = try await services.checkPassword("li", "a new long password")
        XCTAssertTrue(reset)
        _ = try run(["user", "disable", "li"], stdin: "")
        let disabled = try await services.checkPassword("li", "a new long password")
        XCTAssertFalse(disabled, "a disabled account cannot log in")
        XCTAssertTrue(try run(["user", "disable", "nobody"], stdin: "", expectExit: 1).err.contains("no user named 'nobody'"))
    }
}

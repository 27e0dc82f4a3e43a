public import ArgumentParser
public import EcoAccess
import EcoServices
import Foundation

/// The password a script pipes in (`--password-stdin`): the first line of standard input.
func passwordFromStdin() throws -> String {
    guard let line = readLine(strippingNewline: true), !line.isEmpty else {
        throw UserError("--password-stdin: standard input held no password (pipe it in: printf '%s\\n' \"$PW\" | ecoprov …)")
    }
    return line
}

extension Role: ExpressibleByArgument {}

/// `ecoprov user`: accounts, each a role within a region subtree.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Accounts: a role within a region subtree.",
        subcommands: [Add.self, List.self, Disable.self, ResetPassword.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account (the password is read from standard input).")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String
        @Option(help: "\(Role.allCases.map(\.rawValue).joined(separator: ", "))") var role: Role
        @Option(help: "The region code the account acts on (its subtree).") var region: String
        @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input (required).") var passwordStdin = false

        func run() async throws {
            guard passwordStdin else { throw UserError("give the password on standard input with --password-stdin") }
            let password = try passwordFromStdin()
            let a = try await global.services().addUser(name, role: role, region: region, password: password)
            print("added \(a.name): \(a.role.rawValue) (\(a.role.nameZH)) of \(a.region)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every account with its role, region and state.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            var table = TextTable(["name", "role", "region", "state", "failed logins", "created"])
            for a in try await global.services().store.accounts() {
                table.add([a.name, a.role.rawValue, a.region.rawValue, a.disabled ? "disabled" : "active", String(a.failedLogins),
                           a.createdAt.formatted(Date.ISO8601FormatStyle())])
            }
            print(table.render())
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account: no login, its tokens stop working.")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String

        func run() async throws {
            try await global.services().disableUser(name)
            print("disabled \(name)")
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reset-password",
            abstract: "Set a new password (from standard input) and lift a lockout.")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String
        @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input (required).") var passwordStdin = false

        func run() async throws {
            guard passwordStdin else { throw UserError("give the password on standard input with --password-stdin") }
            try await global.services().resetPassword(name, password: try passwordFromStdin())
            print("the password of \(name) was reset")
        }
    }
}

/// `ecoprov token`: API tokens for scripts.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "API tokens for scripts (Authorization: Bearer TOKEN).",
        subcommands: [Create.self, Revoke.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token acting as NAME and print it (shown only this once).")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String
        @Option(help: "What the token is for.") var label: String?

        func run() async throws {
            let (id, token) = try await global.services().createToken(for: name, label: label)
            FileHandle.standardError.write(Data("token \(id) for \(name) — store it now, it is not shown again:\n".utf8))
            print(token)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by its id.")
        @OptionGroup var global: GlobalOptions
        @Argument var id: Int64

        func run() async throws {
            guard try await global.services().store.revokeToken(id, at: Date()) else { throw UserError("there is no unrevoked token \(id)") }
            print("revoked token \(id)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tokens with their label and last use (never the token).")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String?

        func run() async throws {
            var table = TextTable(["id", "user", "label", "created", "last used", "state"])
            for t in try await global.services().store.tokens(account: name) {
                table.add([String(t.id), t.account, t.label ?? "", t.createdAt.formatted(Date.ISO8601FormatStyle()),
                           t.lastUsedAt?.formatted(Date.ISO8601FormatStyle()) ?? "never", t.revokedAt == nil ? "active" : "revoked"])
            }
            print(table.render())
        }
    }
}

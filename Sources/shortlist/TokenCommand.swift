import ArgumentParser
import Foundation
import Shortlist

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage JSON API tokens.", subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token; it is printed once and stored hashed.")
        @Option var name: String
        @Option var role: Role
        @Option(help: "The user the token acts for (owner of the campaigns it creates).") var user: String?
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, trimmed.count <= 100 else { throw UsageError("--name must be 1 to 100 characters") }
            let database = try options.openDatabase()
            var userID: String?
            if let user {
                guard let record = try await database.user(email: user) else { throw UsageError("no user \(user)") }
                userID = record.id
            }
            let token = APIToken.generate()
            _ = try await database.createToken(
                name: trimmed, role: role, tokenHash: APIToken.hash(token), userID: userID, by: .cli)
            print("token \(trimmed) (\(role.rawValue)), shown once:")
            print(token)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their values).")
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            for token in try await options.openDatabase().tokens() {
                let state = token.revokedAt == nil ? "active" : "revoked"
                let used = token.lastUsedAt.map { $0.formatted(.iso8601) } ?? "never used"
                print("\(token.name)\t\(token.role)\t\(state)\t\(used)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by name.")
        @Option var name: String
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            try await options.openDatabase().revokeToken(name: name, by: .cli)
            print("revoked \(name)")
        }
    }
}

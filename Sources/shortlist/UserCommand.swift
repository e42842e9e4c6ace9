import ArgumentParser
import Foundation
import Shortlist

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage admin-page users.",
        subcommands: [Add.self, List.self, Disable.self, Passwd.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user; the password comes from stdin or is generated and printed once.")
        @Option var email: String
        @Option var role: Role
        @Option var name: String = ""
        @Flag(help: "Read the password from standard input.") var passwordStdin = false
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            if let problem = EmailAddress.problem(with: email) { throw UsageError(problem) }
            let (password, generated) = try readPassword(fromStdin: passwordStdin)
            let database = try options.openDatabase()
            _ = try await database.createUser(
                email: email, name: name, role: role, passwordHash: Passwords.hash(password), by: .cli)
            print("created \(role.rawValue) \(email)")
            if generated { print("password (shown once): \(password)") }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            for user in try await options.openDatabase().users() {
                let state = user.disabledAt == nil ? "active" : "disabled"
                print("\(user.email)\t\(user.role)\t\(state)")
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a user and end their sessions.")
        @Option var email: String
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            try await options.openDatabase().disableUser(email: email, by: .cli)
            print("disabled \(email)")
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a user's password (stdin or generated).")
        @Option var email: String
        @Flag(help: "Read the password from standard input.") var passwordStdin = false
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let (password, generated) = try readPassword(fromStdin: passwordStdin)
            try await options.openDatabase().setPassword(email: email, passwordHash: Passwords.hash(password), by: .cli)
            print("password changed for \(email)")
            if generated { print("password (shown once): \(password)") }
        }
    }
}

/// The password from stdin (one line), or a generated one.
func readPassword(fromStdin: Bool) throws -> (String, generated: Bool) {
    guard fromStdin else { return (Passwords.generate(), true) }
    guard let line = readLine(strippingNewline: true) else { throw UsageError("no password on standard input") }
    if let problem = Passwords.problem(with: line) { throw UsageError(problem) }
    return (line, false)
}

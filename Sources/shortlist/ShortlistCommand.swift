import ArgumentParser
import Foundation
import Shortlist

struct ShortlistCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shortlist",
        abstract: "Phone-screen job candidates with Retell AI voice agents.",
        version: ShortlistVersion.current,
        subcommands: [
            ServeCommand.self, MigrateCommand.self, UserCommand.self, TokenCommand.self, BackupCommand.self,
            CheckConfigCommand.self, RetellSimCommand.self, DemoCommand.self, EraseCommand.self,
            RecordingsCommand.self,
        ])
}

/// `--config PATH`, shared by every command that reads the configuration.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "Config file (default: ./config.toml when present, else built-in defaults).")
    var config: String?

    func load() throws -> LoadedConfig {
        try ConfigLoader.load(path: config, environment: ProcessInfo.processInfo.environment)
    }

    /// The configured database, migrated: what the admin commands work on.
    func openDatabase() throws -> AppDatabase {
        let config = try load().config
        let database = try AppDatabase.openFile(path: config.database.path, busyTimeoutMS: config.database.busyTimeoutMS)
        try database.migrate()
        return database
    }
}

/// A mistake in what the user asked for (exit 1), as opposed to a failure while doing it (exit 2).
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

enum CLIFailure {
    static func describe(_ error: any Error) -> (String, Int32) {
        switch error {
        case let error as ConfigError:
            return (error.problems.map { "config error: \($0)" }.joined(separator: "\n"), 1)
        case let error as UsageError:
            return ("error: \(error)", 1)
        case let error as StoreError:
            if case .newerSchema = error { return ("error: \(error)", 2) }
            return ("error: \(error)", 1)
        case let error as DrillFailed:
            return ("error: \(error)", 1)
        case let error as BackupError:
            if case .destinationExists = error { return ("error: \(error)", 1) }
            return ("error: \(error)", 2)
        default:
            // Help, version and argument errors from ArgumentParser; anything else failed at run time.
            let code = ShortlistCommand.exitCode(for: error)
            if code == .success { return (ShortlistCommand.fullMessage(for: error), 0) }
            if error is ValidationError || code == .validationFailure {
                return (ShortlistCommand.fullMessage(for: error), 1)
            }
            return ("error: \(error)", 2)
        }
    }
}

extension Role: ExpressibleByArgument {}

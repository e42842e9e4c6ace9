import ArgumentParser
import Shortlist

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the daemon (migrates the database first).")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        try await Daemon(loaded: options.load()).run()
    }
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply pending migrations and exit.")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let config = try options.load().config
        let database = try AppDatabase.openFile(path: config.database.path, busyTimeoutMS: config.database.busyTimeoutMS)
        let applied = try database.migrate()
        print(applied.isEmpty ? "database is up to date" : "applied: \(applied.joined(separator: ", "))")
    }
}

struct CheckConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config", abstract: "Validate the configuration; exit 1 on any error.")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let loaded = try options.load()
        for warning in loaded.warnings { print("warning: \(warning)") }
        print("config is valid")
    }
}

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Write a consistent copy of the live database (never overwrites).")

    @Option(name: .long, help: "The new backup file.") var to: String
    @OptionGroup var options: ConfigOptions

    func run() async throws {
        try await options.openDatabase().backup(to: to)
        print("backup written to \(to) (integrity check: ok)")
    }
}

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
        commandName: "backup",
        abstract: "Write a consistent copy of the live database (--to), or run the restore drill on one (--verify).",
        discussion: """
            --to FILE writes a new file (never overwrites) with the row counts of that moment inside it.
            --verify FILE opens a backup read-only, checks its integrity, its schema version and its row
            counts against the live database's when the copy was taken, prints what it checked, and
            exits 1 on any fault.
            """)

    @Option(name: .long, help: "The new backup file.") var to: String?
    @Option(name: .long, help: "A backup file to check (the restore drill).") var verify: String?
    @OptionGroup var options: ConfigOptions

    func validate() throws {
        guard (to == nil) != (verify == nil) else {
            throw ValidationError("give exactly one of --to FILE (take a backup) or --verify FILE (check one)")
        }
    }

    func run() async throws {
        if let verify {
            try Self.drill(verify)
        } else if let to {
            let copy = try await options.openDatabase().backup(to: to)
            let rows = copy.counts.reduce(0) { $0 &+ $1.rows }
            print("backup written to \(to): \(copy.bytes) bytes, \(copy.counts.count) tables, \(rows) rows (integrity check: ok)")
        }
    }

    /// Prints the drill's findings; a fault exits 1 with the faults on stderr.
    static func drill(_ path: String) throws {
        let report = RestoreDrill.judge(AppDatabase.readBackupFacts(path: path), knownMigrations: AppDatabase.knownMigrations)
        print("restore drill of \(path)")
        for line in report.lines { print(line) }
        guard report.ok else {
            throw DrillFailed(faults: report.faults)
        }
        print("the backup passed the restore drill: it can be restored")
    }
}

/// The restore drill found faults (exit 1: the file must not be relied on).
struct DrillFailed: Error, CustomStringConvertible {
    let faults: [String]
    var description: String {
        (["the backup FAILED the restore drill:"] + faults.map { "  - \($0)" }).joined(separator: "\n")
    }
}

import ArgumentParser
import Foundation
import Shortlist

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the daemon with the built-in Retell simulator and demo data.",
        discussion: """
            Seeds a job, a campaign with three targets and 50 candidates in time zones where it is daytime \
            now, an admin user and an API token (both printed once), creates the campaign's agent at the \
            simulator and starts calling. Calls are time-compressed; the batch finishes in a few minutes. \
            Run it from the repository root (it serves static/ from there). Ctrl-C stops it.
            """)

    @Option(help: "Port to listen on, on 127.0.0.1 (0: any free port).") var port: Int = 8080
    @Option(help: "Data directory for the database (default: a new temporary directory). Must not hold a database yet.")
    var data: String?
    @Option(name: .customLong("trusted-proxy"), help: "A reverse proxy in front of the demo whose X-Forwarded-For to believe (repeatable).")
    var trustedProxies: [String] = []

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0…65535") }
    }

    func run() async throws {
        let folder = data ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("shortlist-demo-\(UUID().uuidString.prefix(8).lowercased())").path
        let loaded = try Demo.config(port: port, dataDir: folder, staticDir: "static", trustedProxies: trustedProxies)
        if FileManager.default.fileExists(atPath: loaded.config.database.path) {
            throw UsageError("\(loaded.config.database.path) already exists: give --data a new directory")
        }
        try await Daemon(loaded: loaded).run { daemon in
            do {
                let started = try await Demo.seed(daemon, now: Date())
                say(Self.banner(started, folder: folder))
                await Self.reportWhenDone(daemon, started)
            } catch {
                FileHandle.standardError.write(Data("demo: could not seed the demo data: \(error)\n".utf8))
                Foundation.exit(2)
            }
        }
    }

    static func banner(_ started: Demo.Started, folder: String) -> String {
        let api = started.baseURL + "/api/v1"
        let auth = "-H 'Authorization: Bearer \(started.token)'"
        return """

            Shortlist demo: 50 candidates in \(started.zones.joined(separator: ", ")) are being called by the Retell simulator.
              admin page     \(started.baseURL)   (sign in as \(Demo.adminEmail), password \(started.password), shown once)
              API token      \(started.token)   (shown once)
              live events    curl -N \(auth) \(api)/events
              batch          curl \(auth) \(api)/batches/\(started.batchID)
              report         curl \(auth) \(api)/campaigns/\(started.campaignID)/report
              shortlist CSV  curl \(auth) \(api)/campaigns/\(started.campaignID)/results.csv
              call back      \(started.callBack ?? "-")   (the first candidate calls the campaign number back, once called; had they opted out, Retell's default agent would answer)
              data           \(folder)
            Ctrl-C stops the demo.

            """
    }

    /// Prints the campaign's report once the batch completes.
    static func reportWhenDone(_ daemon: RunningDaemon, _ started: Demo.Started) async {
        let database = daemon.dependencies.database
        let (id, events) = daemon.dependencies.events.subscribe()
        defer { daemon.dependencies.events.unsubscribe(id) }
        for await event in events where event.name == "batch.updated" && event.data.contains(started.batchID) {
            guard let batch = try? await database.batch(id: started.batchID), batch.status == .completed,
                  let report = try? await database.report(campaignID: started.campaignID)
            else { continue }
            let rate = report.qualificationRate.map { String(format: "%.0f%%", $0 * 100) } ?? "-"
            say("""
                Demo batch completed: \(report.placedCalls) calls placed, \(report.answered) of \(report.candidates) candidates answered, \
                \(report.qualified) qualified (\(rate) of those who answered). The shortlist CSV is ready.
                """)
            return
        }
    }
}

/// Straight to the descriptor, so a pipe gets it at once.
private func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

import Foundation
import Logging
import ServiceLifecycle

/// Runs the backup schedule in the daemon: sleeps until the next backup is due (waking at least
/// every ten minutes, so a changed clock is noticed), takes it, and goes on until shutdown.
public struct BackupService: Service {
    let schedule: BackupSchedule
    let clock: any WallClock
    let logger: Logger

    public init(schedule: BackupSchedule, clock: any WallClock, logger: Logger) {
        self.schedule = schedule
        self.clock = clock
        self.logger = logger
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                var wait: TimeInterval = 60
                do {
                    guard let due = try await schedule.nextDue() else { return }
                    let untilDue = due.timeIntervalSince(clock.now())
                    if untilDue <= 0 {
                        // Then a minute's pause at least: if the outcome could not be recorded,
                        // the backup still looks due, and it must not be taken again at once.
                        await schedule.run()
                    } else {
                        wait = min(untilDue, 600)
                    }
                } catch {
                    logger.error("backup schedule could not be read; trying again in a minute", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: .milliseconds(Int64(wait * 1_000)))
            }
        }
    }
}

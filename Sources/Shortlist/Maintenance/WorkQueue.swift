import Foundation
import Logging
import Metrics
import ServiceLifecycle

/// What one try of a piece of work came to.
public enum WorkOutcome: Sendable, Equatable {
    /// Finished: the item is removed.
    case done
    /// Can never succeed (say, the call is gone): the handler's `abandon` runs and the item is removed.
    case giveUp(String)
}

/// Does one kind of background work. A thrown error means "try again later": its description is
/// kept on the item and logged, so it must never hold a URL, key or phone number.
public protocol WorkHandler: Sendable {
    var kind: WorkKind { get }
    /// Tries after which the item is abandoned; nil tries until it succeeds.
    var maxAttempts: Int? { get }
    func perform(_ item: WorkItemRecord) async throws -> WorkOutcome
    /// Runs once when the item is given up on or runs out of tries, before it is removed.
    func abandon(_ item: WorkItemRecord, reason: String) async throws
}

/// Runs the due items of `work_items`, one at a time, soonest first; a failure is retried after
/// `WorkRetry.delay`. Items whose kind has no handler (recordings switched off) wait.
public struct WorkQueue: Sendable {
    public struct Report: Equatable, Sendable {
        public var done = 0
        public var retried = 0
        public var abandoned = 0
    }

    let database: AppDatabase
    let handlers: [WorkKind: any WorkHandler]
    let clock: any WallClock
    let logger: Logger

    public init(database: AppDatabase, handlers: [any WorkHandler], clock: any WallClock, logger: Logger) {
        self.database = database
        self.handlers = Dictionary(handlers.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
        self.clock = clock
        self.logger = logger
    }

    /// Runs every item due now (up to `limit`).
    @discardableResult
    public func runDue(limit: Int = 50) async throws -> Report {
        var report = Report()
        for item in try await database.dueWork(now: clock.now(), limit: limit) {
            guard let handler = handlers[item.kind] else { continue }
            await run(item, with: handler, into: &report)
        }
        return report
    }

    private func run(_ item: WorkItemRecord, with handler: any WorkHandler, into report: inout Report) async {
        let kind = item.kind.rawValue
        do {
            switch try await handler.perform(item) {
            case .done:
                try await database.finishWork(id: item.id)
                report.done += 1
                Counter(label: "shortlist_work_total", dimensions: [("kind", kind), ("result", "done")]).increment()
            case .giveUp(let reason):
                try await abandon(item, with: handler, reason: reason, into: &report)
            }
        } catch {
            let attempts = item.attempts + 1
            let reason = "\(error)"
            do {
                if let most = handler.maxAttempts, attempts >= most {
                    var tried = item
                    tried.attempts = attempts
                    try await abandon(tried, with: handler, reason: reason, into: &report)
                } else {
                    let due = clock.now().addingTimeInterval(WorkRetry.delay(afterAttempts: attempts))
                    try await database.postponeWork(id: item.id, attempts: attempts, due: due, error: reason)
                    report.retried += 1
                    Counter(label: "shortlist_work_total", dimensions: [("kind", kind), ("result", "retried")]).increment()
                    logger.warning("background work failed; trying again later", metadata: [
                        "kind": "\(kind)", "attempts": "\(attempts)", "error": "\(reason)"])
                }
            } catch {
                logger.error("background work could not be recorded", metadata: ["kind": "\(kind)", "error": "\(error)"])
            }
        }
    }

    private func abandon(_ item: WorkItemRecord, with handler: any WorkHandler, reason: String, into report: inout Report) async throws {
        try await handler.abandon(item, reason: reason)
        try await database.finishWork(id: item.id)
        report.abandoned += 1
        Counter(label: "shortlist_work_total", dimensions: [("kind", item.kind.rawValue), ("result", "abandoned")]).increment()
        logger.error("background work given up", metadata: ["kind": "\(item.kind.rawValue)", "attempts": "\(item.attempts)", "reason": "\(reason)"])
    }
}

/// Runs the work queue when rung (new work was committed), when the next item falls due, or
/// every `interval` at the latest, until shutdown.
public struct WorkQueueService: Service {
    let queue: WorkQueue
    let bell: Doorbell
    let interval: Duration

    public init(queue: WorkQueue, bell: Doorbell, interval: Duration = .seconds(30)) {
        self.queue = queue
        self.bell = bell
        self.interval = interval
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await queue.runDue()
                } catch {
                    queue.logger.error("work queue could not be read", metadata: ["error": "\(error)"])
                }
                await bell.wait(timeout: try await pause())
            }
        }
    }

    /// Until the next item is due, between a second and `interval`.
    private func pause() async throws -> Duration {
        guard let next = try await queue.database.nextWorkDue() else { return interval }
        let seconds = next.timeIntervalSince(queue.clock.now())
        guard seconds.isFinite, seconds > 1 else { return .seconds(1) }
        return min(.seconds(seconds), interval)
    }
}

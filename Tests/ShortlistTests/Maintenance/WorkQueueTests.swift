import Foundation
import GRDB
import Logging
import Synchronization
import Testing
@testable import Shortlist

/// `work_items` and `WorkQueue`: background work kept in the database, retried with backoff.
@Suite("Background work queue")
struct WorkQueueTests {
    /// A handler that answers from a script, one answer per try, and remembers what it saw.
    final class Scripted: WorkHandler, Sendable {
        struct Failure: Error, CustomStringConvertible { var description: String { "Retell answered 503" } }
        enum Step: Sendable { case done, fail, giveUp }
        let kind: WorkKind
        let maxAttempts: Int?
        private let state: Mutex<(steps: [Step], seen: [String], abandoned: [String])>

        init(kind: WorkKind = .deleteRetellCall, maxAttempts: Int? = nil, steps: [Step]) {
            self.kind = kind
            self.maxAttempts = maxAttempts
            state = Mutex((steps, [], []))
        }

        func perform(_ item: WorkItemRecord) async throws -> WorkOutcome {
            let step = state.withLock { state -> Step in
                state.seen.append(item.subject)
                return state.steps.isEmpty ? .done : state.steps.removeFirst()
            }
            switch step {
            case .done: return .done
            case .fail: throw Failure()
            case .giveUp: return .giveUp("the call is gone")
            }
        }

        func abandon(_ item: WorkItemRecord, reason: String) async throws {
            state.withLock { $0.abandoned.append("\(item.subject): \(reason)") }
        }

        var seen: [String] { state.withLock { $0.seen } }
        var abandoned: [String] { state.withLock { $0.abandoned } }
    }

    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    static func enqueue(_ database: AppDatabase, _ kind: WorkKind, _ subject: String) async throws {
        try await database.writer.write { db in try database.enqueueWork(kind, subject: subject, db: db) }
    }

    @Test("A failed item is retried 30 s, then 60 s later, and removed once it succeeds; the same subject twice is one item")
    func retriesWithBackoff() async throws {
        let clock = FixedClock(Self.start)
        let database = try AppDatabase.inMemory(clock: clock)
        try await Self.enqueue(database, .deleteRetellCall, "call_1")
        try await Self.enqueue(database, .deleteRetellCall, "call_1")
        let handler = Scripted(steps: [.fail, .fail, .done])
        let queue = WorkQueue(database: database, handlers: [handler], clock: clock, logger: Logger(label: "test"))

        #expect(try await queue.runDue() == .init(done: 0, retried: 1, abandoned: 0))
        let waiting = try #require(try await database.dueWork(now: Self.start.addingTimeInterval(60), limit: 10).first)
        #expect(waiting.attempts == 1 && waiting.dueAt == Self.start.addingTimeInterval(30))
        #expect(waiting.lastError == "Retell answered 503")
        #expect(try await queue.runDue() == .init())  // not due yet

        clock.advance(by: 30)
        #expect(try await queue.runDue().retried == 1)
        #expect(try await database.nextWorkDue() == Self.start.addingTimeInterval(30 + 60))
        clock.advance(by: 60)
        #expect(try await queue.runDue().done == 1)
        #expect(handler.seen == ["call_1", "call_1", "call_1"])
        #expect(try await database.workWaiting().isEmpty)
    }

    @Test("An item is abandoned when its handler gives up or its tries run out, and its handler hears why")
    func abandons() async throws {
        let clock = FixedClock(Self.start)
        let database = try AppDatabase.inMemory(clock: clock)
        try await Self.enqueue(database, .fetchRecording, "gone")
        try await Self.enqueue(database, .fetchRecording, "flaky")
        let handler = Scripted(kind: .fetchRecording, maxAttempts: 2, steps: [.giveUp, .fail, .fail])
        let queue = WorkQueue(database: database, handlers: [handler], clock: clock, logger: Logger(label: "test"))

        #expect(try await queue.runDue() == .init(done: 0, retried: 1, abandoned: 1))
        clock.advance(by: 30)
        #expect(try await queue.runDue().abandoned == 1)
        #expect(handler.abandoned == ["gone: the call is gone", "flaky: Retell answered 503"])
        #expect(try await database.workWaiting().isEmpty)
    }

    @Test("Work of a kind nobody handles waits in the queue")
    func unhandledWaits() async throws {
        let database = try AppDatabase.inMemory(clock: FixedClock(Self.start))
        try await Self.enqueue(database, .fetchRecording, "call_1")
        let queue = WorkQueue(database: database, handlers: [], clock: FixedClock(Self.start), logger: Logger(label: "test"))
        #expect(try await queue.runDue() == .init())
        #expect(try await database.workWaiting() == [.fetchRecording: 1])
    }

    @Test("Backoff doubles from 30 s and never exceeds six hours, whatever the count")
    func backoff() {
        #expect(WorkRetry.delay(afterAttempts: 1) == 30)
        #expect(WorkRetry.delay(afterAttempts: 2) == 60)
        #expect(WorkRetry.delay(afterAttempts: 5) == 480)
        #expect(WorkRetry.delay(afterAttempts: 20) == 6 * 3_600)
        #expect(WorkRetry.delay(afterAttempts: Int.max) == 6 * 3_600)
        #expect(WorkRetry.delay(afterAttempts: 0) == 30)
    }
}

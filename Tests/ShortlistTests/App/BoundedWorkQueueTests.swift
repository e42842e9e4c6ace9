import Dispatch
import Foundation
import Synchronization
import Testing
@testable import Shortlist

/// The queue bcrypt runs on: a fixed number at once, a bounded line, "full" beyond it.
@Suite("Password work queue")
struct BoundedWorkQueueTests {
    /// Counts items running now and the most ever seen at once.
    final class Gauge: Sendable {
        private let state = Mutex((now: 0, peak: 0))
        func enter() { state.withLock { $0.now += 1; $0.peak = max($0.peak, $0.now) } }
        func leave() { state.withLock { $0.now -= 1 } }
        var now: Int { state.withLock { $0.now } }
        var peak: Int { state.withLock { $0.peak } }
    }

    /// Polls `condition` for up to five seconds.
    static func eventually(_ condition: () -> Bool) async throws -> Bool {
        for _ in 0..<500 {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }

    @Test("Twenty-four concurrent password checks never run more than two at once, and every one finishes")
    func neverMoreThanLimit() async throws {
        let queue = BoundedWorkQueue(label: "test.bcrypt", limit: 2, maxWaiting: 32)
        let gauge = Gauge()
        let hash = Passwords.hash("correct horse battery")
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<24 {
                group.addTask {
                    try await queue.run {
                        gauge.enter()
                        defer { gauge.leave() }
                        return Passwords.verify(index.isMultiple(of: 2) ? "correct horse battery" : "wrong", hash: hash)
                    }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 24)
        #expect(results.filter { $0 }.count == 12)
        #expect(gauge.peak <= 2)
        #expect(gauge.now == 0)
    }

    @Test("With both slots busy and the line full, one more caller is told at once that the queue is full")
    func fullWhenLineIsFull() async throws {
        let queue = BoundedWorkQueue(label: "test.full", limit: 2, maxWaiting: 3)
        let gauge = Gauge()
        let gate = DispatchSemaphore(value: 0)
        let tasks = (0..<5).map { index in
            Task {
                try await queue.run {
                    gauge.enter()
                    gate.wait()
                    gauge.leave()
                    return index
                }
            }
        }
        #expect(try await Self.eventually { gauge.now == 2 && queue.waitingCount == 3 })
        await #expect(throws: BoundedWorkQueue.Full.self) { try await queue.run { 99 } }
        #expect(gauge.now == 2)
        for _ in 0..<5 { gate.signal() }
        var finished: [Int] = []
        for task in tasks { finished.append(try await task.value) }
        #expect(finished == [0, 1, 2, 3, 4])
        #expect(gauge.peak == 2)
        #expect(try await queue.run { 7 } == 7)
    }
}

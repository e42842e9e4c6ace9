import Dispatch
import Synchronization

/// Runs slow, blocking work (bcrypt) on threads of its own instead of Swift's cooperative pool,
/// at most `limit` items at once. Up to `maxWaiting` callers wait their turn, first come first
/// served; beyond that `run` throws `Full` at once, so a flood costs a bounded number of waiting
/// tasks and can never take the threads that serve webhooks and the dialer.
public final class BoundedWorkQueue: Sendable {
    public struct Full: Error, Equatable {}

    private struct State {
        var running = 0
        var waiting: [CheckedContinuation<Void, any Error>] = []
    }

    public let limit: Int
    public let maxWaiting: Int
    private let state = Mutex(State())
    private let threads: DispatchQueue

    public init(label: String, limit: Int, maxWaiting: Int) {
        precondition(limit > 0 && maxWaiting >= 0, "a work queue needs a positive limit")
        self.limit = limit
        self.maxWaiting = maxWaiting
        threads = DispatchQueue(label: label, qos: .userInitiated, attributes: .concurrent)
    }

    /// Runs `work` on the queue's threads once a slot is free; throws `Full` when too many wait.
    public func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async throws -> T {
        try await acquire()
        defer { release() }
        return await withCheckedContinuation { continuation in
            threads.async { continuation.resume(returning: work()) }
        }
    }

    /// Callers waiting for a slot now (for tests).
    public var waitingCount: Int { state.withLock { $0.waiting.count } }

    /// Slots taken now (for tests).
    public var runningCount: Int { state.withLock { $0.running } }

    private func acquire() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let admitted: Bool? = state.withLock { state in
                if state.running < limit {
                    state.running += 1
                    return true
                }
                guard state.waiting.count < maxWaiting else { return false }
                state.waiting.append(continuation)
                return nil
            }
            switch admitted {
            case true?: continuation.resume()
            case false?: continuation.resume(throwing: Full())
            case nil: break  // resumed by a finishing item's `release`
            }
        }
    }

    /// Hands the slot to the longest waiter, or frees it.
    private func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            guard !state.waiting.isEmpty else {
                state.running -= 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}

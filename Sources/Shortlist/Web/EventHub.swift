import Foundation
import Synchronization

/// One Server-Sent Event as `GET /api/v1/events` sends it: `event: <name>` and `data: <json>`.
public struct LiveEvent: Sendable, Equatable {
    /// `call.updated`, `campaign_candidate.updated` or `batch.updated`.
    public var name: String
    /// The payload: one line of JSON.
    public var data: String

    public init(name: String, data: String) {
        self.name = name
        self.data = data
    }
}

/// Fans events out to the open `/api/v1/events` streams. `publish` is synchronous and never waits
/// for a subscriber: each subscriber has its own bounded buffer that keeps the newest
/// `bufferSize` events, so a slow client loses its oldest events instead of slowing ingestion.
public final class EventHub: Sendable {
    /// How many undelivered events one subscriber may hold before the oldest are dropped.
    public static let defaultBufferSize = 256

    private struct State {
        var subscribers: [UUID: AsyncStream<LiveEvent>.Continuation] = [:]
        var dropped = 0
    }

    public let bufferSize: Int
    private let state = Mutex(State())

    public init(bufferSize: Int = EventHub.defaultBufferSize) {
        precondition(bufferSize > 0, "an event buffer needs room for at least one event")
        self.bufferSize = bufferSize
    }

    /// Hands `event` to every subscriber's buffer; returns at once. Callable from synchronous code,
    /// e.g. right after a database commit. Subscribers see events in the order they were published.
    public func publish(_ event: LiveEvent) {
        state.withLock { state in
            for continuation in state.subscribers.values {
                if case .dropped = continuation.yield(event) { state.dropped += 1 }
            }
        }
    }

    /// A new subscription. The stream ends after `unsubscribe(id)`; cancelling the task that reads it,
    /// or dropping the stream, also ends the subscription.
    public func subscribe() -> (id: UUID, stream: AsyncStream<LiveEvent>) {
        let id = UUID()
        let (stream, continuation) = AsyncStream.makeStream(
            of: LiveEvent.self, bufferingPolicy: .bufferingNewest(bufferSize))
        continuation.onTermination = { [weak self] _ in self?.remove(id) }
        state.withLock { $0.subscribers[id] = continuation }
        return (id, stream)
    }

    /// Stops delivery to `id`; what is already buffered can still be read, then the stream ends.
    public func unsubscribe(_ id: UUID) {
        // Finish outside the lock: `finish()` runs `onTermination`, which takes the lock again.
        remove(id)?.finish()
    }

    /// Ends every subscription (daemon shutdown).
    public func finishAll() {
        let all = state.withLock { state in
            defer { state.subscribers.removeAll() }
            return Array(state.subscribers.values)
        }
        for continuation in all { continuation.finish() }
    }

    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// Events dropped so far because a subscriber's buffer was full (for metrics and logs).
    public var droppedCount: Int { state.withLock { $0.dropped } }

    @discardableResult
    private func remove(_ id: UUID) -> AsyncStream<LiveEvent>.Continuation? {
        state.withLock { $0.subscribers.removeValue(forKey: id) }
    }
}

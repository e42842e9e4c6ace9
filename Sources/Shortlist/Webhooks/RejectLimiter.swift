import Foundation
import Synchronization

/// How many rejected webhook deliveries (bad or missing signature) are stored: at most
/// `perSource` a minute from one address and `overall` a minute in all; past either the delivery
/// is answered 429 and not stored. The table of addresses has a fixed size: when it is full of
/// addresses seen this minute, a new address counts as over its limit. Memory is bounded whatever
/// is sent; signed deliveries never come here.
final class RejectLimiter: Sendable {
    private struct Window {
        var start: Date
        var count: Int
    }

    private struct State {
        var sources: [String: Window] = [:]
        var overall = Window(start: .distantPast, count: 0)
    }

    let perSource: Int
    let overall: Int
    let capacity: Int
    let window: TimeInterval = 60
    private let state = Mutex(State())

    /// `overall` defaults to ten addresses' worth.
    init(perSource: Int, overall: Int? = nil, capacity: Int = 4_096) {
        self.perSource = max(1, perSource)
        self.overall = max(1, overall ?? min(perSource, Int.max / 10) * 10)
        self.capacity = max(1, capacity)
    }

    /// Counts one rejected delivery from `source`; false when it is over a limit (not stored).
    func allow(source: String, now: Date) -> Bool {
        let key = String(source.prefix(64))
        return state.withLock { state in
            if now.timeIntervalSince(state.overall.start) >= window { state.overall = Window(start: now, count: 0) }
            guard state.overall.count < overall else { return false }
            if var entry = state.sources[key], now.timeIntervalSince(entry.start) < window {
                guard entry.count < perSource else { return false }
                entry.count += 1
                state.sources[key] = entry
            } else {
                if state.sources[key] == nil, state.sources.count >= capacity {
                    state.sources = state.sources.filter { now.timeIntervalSince($0.value.start) < window }
                    guard state.sources.count < capacity else { return false }
                }
                state.sources[key] = Window(start: now, count: 1)
            }
            state.overall.count += 1
            return true
        }
    }

    /// Addresses currently tracked (tests).
    var trackedSources: Int { state.withLock { $0.sources.count } }
}

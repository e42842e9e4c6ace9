import Synchronization

/// Counts the open event streams of each credential (`token:<id>`, `session:<id>`) so none of them
/// cannot hold more than `limit`. The table holds only credentials with a stream open.
final class StreamSlots: Sendable {
    let limit: Int
    private let open = Mutex<[String: Int]>([:])

    init(limit: Int) {
        precondition(limit > 0, "a credential needs room for at least one stream")
        self.limit = limit
    }

    /// A slot for `credential`, or nil when it already holds `limit` streams.
    func take(_ credential: String) -> StreamSlot? {
        let taken = open.withLock { open -> Bool in
            let count = open[credential, default: 0]
            guard count < limit else { return false }
            open[credential] = count + 1
            return true
        }
        return taken ? StreamSlot(slots: self, credential: credential) : nil
    }

    /// How many streams `credential` holds now.
    func count(_ credential: String) -> Int { open.withLock { $0[credential, default: 0] } }

    fileprivate func give(back credential: String) {
        open.withLock { open in
            let count = open[credential, default: 0] - 1
            open[credential] = count > 0 ? count : nil
        }
    }
}

/// One taken slot; released once, by `release()` or, if the stream never ran, when it is dropped.
final class StreamSlot: Sendable {
    private let slots: StreamSlots
    private let credential: String
    private let released = Mutex(false)

    fileprivate init(slots: StreamSlots, credential: String) {
        self.slots = slots
        self.credential = credential
    }

    func release() {
        let first = released.withLock { released -> Bool in
            defer { released = true }
            return !released
        }
        if first { slots.give(back: credential) }
    }

    deinit { release() }
}

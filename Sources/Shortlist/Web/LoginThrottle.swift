import Crypto
import Foundation
import Synchronization

/// Slows password guessing: after `limit` failed sign-ins for one account, or from one address,
/// within `window`, further attempts for it are refused until the window has passed. Kept in
/// memory: one process serves the admin page, and a restart forgetting counts is acceptable.
///
/// Its memory is bounded whatever is sent: keys are SHA-256 digests (a megabyte-long email costs
/// what a short one costs), each key keeps at most `limit` times, the table holds at most
/// `capacity` keys, and an attempt refused because its account or address is locked records
/// nothing. When the table is full, a new key takes the place of an expired entry, else of the
/// unlocked entry whose last failure is oldest; a live lockout is replaced only when every entry
/// is one, and then the one closest to its end.
final class LoginThrottle: Sendable {
    struct Verdict: Equatable {
        /// Whole minutes until another attempt is allowed; nil when allowed now.
        var retryInMinutes: Int?
        var reason: String?
    }

    /// What is counted: an account (by its lowercased email) or a client address.
    struct Key: Hashable {
        enum Kind: UInt8 { case account, address }
        var kind: Kind
        var digest: SHA256Digest

        static func account(_ email: String) -> Key { Key(kind: .account, digest: SHA256.hash(data: Data(email.lowercased().utf8))) }
        static func address(_ ip: String) -> Key { Key(kind: .address, digest: SHA256.hash(data: Data(ip.utf8))) }
    }

    /// The newest failures of one key, oldest first, never more than `limit` of them.
    struct Failures {
        var times: [Date]

        var last: Date { times[times.count - 1] }
    }

    private let table = Mutex<[Key: Failures]>([:])
    let limit: Int
    let window: TimeInterval
    let capacity: Int
    let clock: any WallClock

    init(clock: any WallClock, limit: Int = 5, window: TimeInterval = 900, capacity: Int = 10_000) {
        precondition(limit > 0 && window > 0 && capacity > 0, "a throttle needs a positive limit, window and capacity")
        self.clock = clock
        self.limit = limit
        self.window = window
        self.capacity = capacity
    }

    /// Whether an attempt for `account` from `ip` may go ahead. Reads only: nothing is stored.
    func check(account: String, ip: String) -> Verdict {
        let now = clock.now()
        return table.withLock { table in
            for (key, label) in [(Key.account(account), "this account"), (Key.address(ip), "this address")] {
                if let entry = table[key], let minutes = minutesLocked(entry, now: now) {
                    return Verdict(retryInMinutes: minutes, reason: label)
                }
            }
            return Verdict()
        }
    }

    /// Counts a failed attempt against the account and the address.
    func recordFailure(account: String, ip: String) {
        let now = clock.now()
        table.withLock { table in
            for key in [Key.address(ip), Key.account(account)] {
                if var entry = table[key] {
                    entry.times.removeAll { now.timeIntervalSince($0) >= window }
                    entry.times.append(now)
                    if entry.times.count > limit { entry.times.removeFirst(entry.times.count - limit) }
                    table[key] = entry
                } else {
                    if table.count >= capacity { evictOne(from: &table, now: now) }
                    table[key] = Failures(times: [now])
                }
            }
        }
    }

    func recordSuccess(account: String) {
        _ = table.withLock { $0.removeValue(forKey: .account(account)) }
    }

    /// How many keys are held (for tests and the benchmark).
    var count: Int { table.withLock { $0.count } }

    /// The most failure times any key holds (for tests).
    var longestHistory: Int { table.withLock { $0.values.map(\.times.count).max() ?? 0 } }

    /// Whole minutes left on a lockout, or nil when `entry` is not locked at `now`.
    private func minutesLocked(_ entry: Failures, now: Date) -> Int? {
        guard let since = lockedSince(entry, now: now) else { return nil }
        let seconds = window - now.timeIntervalSince(since)
        return max(1, Int((seconds / 60).rounded(.up)))
    }

    /// The oldest of the last `limit` failures when all of them fall within the window: the
    /// lockout ends `window` after it. Nil when `entry` is not locked.
    private func lockedSince(_ entry: Failures, now: Date) -> Date? {
        guard entry.times.count >= limit else { return nil }
        let since = entry.times[entry.times.count - limit]
        return now.timeIntervalSince(since) < window ? since : nil
    }

    /// Makes room for one key: an expired entry, else the unlocked entry with the oldest last
    /// failure, else the lockout that ends first. One pass over the table; new keys come at the
    /// pace of bcrypt, since only checked passwords are recorded.
    private func evictOne(from table: inout [Key: Failures], now: Date) {
        var oldestUnlocked: (key: Key, last: Date)?
        var soonestFreed: (key: Key, since: Date)?
        for (key, entry) in table {
            if now.timeIntervalSince(entry.last) >= window {
                oldestUnlocked = (key, entry.last)
                break
            }
            if let since = lockedSince(entry, now: now) {
                if soonestFreed.map({ since < $0.since }) ?? true { soonestFreed = (key, since) }
            } else if oldestUnlocked.map({ entry.last < $0.last }) ?? true {
                oldestUnlocked = (key, entry.last)
            }
        }
        if let victim = oldestUnlocked?.key ?? soonestFreed?.key { table.removeValue(forKey: victim) }
    }
}

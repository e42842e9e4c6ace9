import Foundation
import Synchronization

/// Slows password guessing: after `limit` failed sign-ins for one account, or from one address,
/// within `window`, further attempts for it are refused until the window has passed. Kept in
/// memory: one process serves the admin page, and a restart forgetting counts is acceptable.
final class LoginThrottle: Sendable {
    struct Verdict: Equatable {
        /// Whole minutes until another attempt is allowed; nil when allowed now.
        var retryInMinutes: Int?
        var reason: String?
    }

    private let failures = Mutex<[String: [Date]]>([:])
    let limit: Int
    let window: TimeInterval
    let clock: any WallClock

    init(clock: any WallClock, limit: Int = 5, window: TimeInterval = 900) {
        self.clock = clock
        self.limit = limit
        self.window = window
    }

    func check(account: String, ip: String) -> Verdict {
        let now = clock.now()
        return failures.withLock { failures in
            for (key, label) in [("account:" + account.lowercased(), "this account"), ("ip:" + ip, "this address")] {
                let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
                failures[key] = recent
                if recent.count >= limit, let oldest = recent.first {
                    let minutes = max(1, Int(((window - now.timeIntervalSince(oldest)) / 60).rounded(.up)))
                    return Verdict(retryInMinutes: minutes, reason: label)
                }
            }
            return Verdict()
        }
    }

    func recordFailure(account: String, ip: String) {
        let now = clock.now()
        failures.withLock { failures in
            for key in ["account:" + account.lowercased(), "ip:" + ip] {
                failures[key, default: []].append(now)
                if failures.count > 10_000 { failures.removeAll() }  // a flood must not grow memory without end
            }
        }
    }

    func recordSuccess(account: String) {
        _ = failures.withLock { $0.removeValue(forKey: "account:" + account.lowercased()) }
    }
}

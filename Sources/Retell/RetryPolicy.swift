import Foundation

/// How `HTTPRetellClient` retries a request that may be repeated (API.md §6, the SDK's defaults):
/// the n-th retry waits `min(baseDelay × 2ⁿ, maxDelay)` shortened by up to 25 % jitter, or exactly
/// what Retell's `Retry-After` asked for when that is 0–60 s.
public struct RetryPolicy: Sendable {
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// Retries after the first attempt (so `2` means at most three requests).
    public var maxRetries: Int
    /// A random number in `0..<1`; inject a constant to make delays deterministic.
    public var jitter: @Sendable () -> Double

    public init(
        baseDelay: Duration = .milliseconds(500),
        maxDelay: Duration = .seconds(8),
        maxRetries: Int = 2,
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetries = max(0, maxRetries)
        self.jitter = jitter
    }

    /// Never retry.
    public static let none = RetryPolicy(maxRetries: 0)

    /// The wait before retry number `retry` (0 for the first retry), without a `Retry-After`.
    public func delay(beforeRetry retry: Int) -> Duration {
        let exponent = min(max(retry, 0), 30)
        let backoff = min(baseDelay * (1 << exponent), maxDelay)
        let factor = 1 - 0.25 * min(max(jitter(), 0), 1)
        return backoff * factor
    }
}

/// The time each kind of request may take, connection included (API.md §3: the SDK's values).
public struct RequestTimeouts: Sendable, Equatable {
    /// Everything not listed below.
    public var standard: Duration
    public var createPhoneCall: Duration
    public var listCalls: Duration

    public init(
        standard: Duration = .seconds(60),
        createPhoneCall: Duration = .seconds(120),
        listCalls: Duration = .seconds(300)
    ) {
        self.standard = standard
        self.createPhoneCall = createPhoneCall
        self.listCalls = listCalls
    }

    /// Every kind of request gets `limit` (tests use a short one).
    public static func all(_ limit: Duration) -> RequestTimeouts {
        RequestTimeouts(standard: limit, createPhoneCall: limit, listCalls: limit)
    }
}

import Foundation

/// The only error a `RetellClient` throws. It never contains the API key.
public struct RetellError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable, Hashable {
        /// Retell answered with this non-2xx status.
        case http(status: Int)
        /// No answer: the connection could not be made or broke (also: the task was cancelled).
        case transport
        /// No complete answer within the request's time limit.
        case timeout
        /// A 2xx answer whose JSON does not have the expected shape.
        case decoding
        /// A 2xx answer that is not JSON at all, or too large.
        case invalidResponse
    }

    public var kind: Kind
    /// Retell's `message` from `{"status":"error","message":…}` when it sent one, else a plain
    /// description of what went wrong.
    public var message: String
    /// Whether the same request may be sent again: 408, 429, 5xx, transport failures and timeouts.
    /// Whether it *should* be (a create without an idempotency key) is the caller's call.
    public var isRetryable: Bool
    /// How long Retell asked us to wait (`retry-after-ms` or `retry-after`), when it said 0–60 s.
    public var retryAfter: Duration?

    public init(kind: Kind, message: String, isRetryable: Bool? = nil, retryAfter: Duration? = nil) {
        self.kind = kind
        self.message = message
        self.isRetryable = isRetryable ?? Self.isRetryableByDefault(kind)
        self.retryAfter = retryAfter
    }

    /// An HTTP error with Retell's message, e.g. `.http(422, "Cannot find requested asset under given api key.")`.
    public static func http(_ status: Int, _ message: String, retryAfter: Duration? = nil) -> RetellError {
        RetellError(kind: .http(status: status), message: message, retryAfter: retryAfter)
    }

    public static func transport(_ message: String) -> RetellError {
        RetellError(kind: .transport, message: message)
    }

    public static func timeout(_ message: String) -> RetellError {
        RetellError(kind: .timeout, message: message)
    }

    /// The HTTP status, for `.http` errors.
    public var status: Int? {
        if case .http(let status) = kind { status } else { nil }
    }

    /// 401: the API key is missing or was rejected. Dialing should stop until someone fixes it.
    public var isAuthFailure: Bool { status == 401 }
    /// 402: the trial ended or billing stopped. Dialing should stop until someone fixes it.
    public var isBillingFailure: Bool { status == 402 }
    /// 404 or 422: Retell does not know the id under this key (422 is what most endpoints answer).
    public var isUnknownID: Bool { status == 404 || status == 422 }
    /// 429: too many requests or concurrent calls; back off.
    public var isRateLimited: Bool { status == 429 }

    public var description: String {
        switch kind {
        case .http(let status): "Retell answered HTTP \(status): \(message)"
        case .transport: "Could not reach Retell: \(message)"
        case .timeout: "Retell did not answer in time: \(message)"
        case .decoding: "Unexpected answer from Retell: \(message)"
        case .invalidResponse: "Invalid answer from Retell: \(message)"
        }
    }

    static func isRetryableByDefault(_ kind: Kind) -> Bool {
        switch kind {
        case .http(let status): status == 408 || status == 429 || status >= 500
        case .transport, .timeout: true
        case .decoding, .invalidResponse: false
        }
    }
}

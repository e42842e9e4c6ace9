import Foundation
import HummingbirdBcrypt

/// Password rules, hashing (bcrypt, cost 12) and generated passwords.
public enum Passwords {
    public static let minimumLength = 12

    public static func hash(_ password: String) -> String { Bcrypt.hash(password, cost: 12) }

    public static func verify(_ password: String, hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }

    /// Why `password` is not acceptable, or nil.
    public static func problem(with password: String) -> String? {
        if password.count < minimumLength { return "password must be at least \(minimumLength) characters" }
        if password.utf8.count > 72 { return "password must be at most 72 bytes (bcrypt ignores the rest)" }
        return nil
    }

    /// 20 characters from an unambiguous alphabet (about 115 bits).
    public static func generate() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet.randomElement(using: &generator)! })
    }
}

/// bcrypt for requests: each hash or check runs on the work queue's own threads, two at once by
/// default, so a flood of sign-ins waits its turn (or is told to try again) instead of occupying
/// the cooperative threads that webhooks, the dialer and the pages share.
public struct PasswordChecker: Sendable {
    public let queue: BoundedWorkQueue

    public init(queue: BoundedWorkQueue = BoundedWorkQueue(label: "shortlist.bcrypt", limit: 2, maxWaiting: 32)) {
        self.queue = queue
    }

    /// Checked when there is no hash (an unknown email), so that costs what a wrong password costs.
    static let decoyHash = Passwords.hash("not-a-password-anyone-has")

    /// Whether `password` matches `hash` (never, when `hash` is nil, after the same work); throws
    /// `BoundedWorkQueue.Full` when too many checks wait.
    public func verify(_ password: String, hash: String?) async throws -> Bool {
        try await queue.run { Passwords.verify(password, hash: hash ?? Self.decoyHash) && hash != nil }
    }

    /// A bcrypt hash of `password`; throws `BoundedWorkQueue.Full` when too many checks wait.
    public func hash(_ password: String) async throws -> String {
        try await queue.run { Passwords.hash(password) }
    }
}

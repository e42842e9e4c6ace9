import Foundation
import GRDB

/// A signed-in browser: the session row joined with its user.
public struct SignedInUser: Sendable, Equatable {
    public var sessionID: String
    public var csrfToken: String
    public var user: UserRecord

    public var principal: Principal {
        Principal(kind: .user, id: user.id, label: user.email, role: Role(rawValue: user.role) ?? .viewer)
    }
}

extension AppDatabase {
    /// Stores a new session for `userID` (only the token's hash) and writes the login audit row.
    public func createSession(
        userID: String, tokenHash: String, csrfToken: String, ip: String?, userAgent: String?, lifetime: TimeInterval
    ) async throws {
        let now = clock.now()
        let id = ids.next()
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO sessions (id, token_hash, user_id, csrf_token, ip, user_agent, created_at, last_seen_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, tokenHash, userID, csrfToken, ip, userAgent.map { String($0.prefix(256)) }, now, now,
                                 now.addingTimeInterval(lifetime)])
            guard let user = try UserRecord.fetchOne(db, key: userID) else { throw StoreError.notFound(entity: "user", id: userID) }
            try audit(db, Principal(kind: .user, id: user.id, label: user.email, role: Role(rawValue: user.role) ?? .viewer),
                      "user.login", subjectType: "user", subjectID: user.id, detail: ["ip": ip ?? "-"])
        }
    }

    /// The session with this token hash, if it has not expired and its user is not disabled.
    public func session(tokenHash: String) async throws -> SignedInUser? {
        let now = clock.now()
        return try await writer.read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT id, csrf_token, user_id FROM sessions WHERE token_hash = ? AND expires_at > ?
                """), arguments: [tokenHash, now]),
                let user = try UserRecord.fetchOne(db, key: row["user_id"] as String), user.disabledAt == nil
            else { return nil }
            return SignedInUser(sessionID: row["id"], csrfToken: row["csrf_token"], user: user)
        }
    }

    /// The role session `id`'s user has now; nil once the session is gone (signed out, or ended by a
    /// change to its user), expired, or its user disabled. A read by primary key, cheap enough for
    /// every heartbeat of an open event stream.
    public func currentRole(sessionID id: String) async throws -> Role? {
        let now = clock.now()
        return try await writer.read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT u.role, u.disabled_at FROM sessions s JOIN users u ON u.id = s.user_id
                WHERE s.id = ? AND s.expires_at > ?
                """), arguments: [id, now]),
                (row["disabled_at"] as DatabaseValue).isNull
            else { return nil }
            return Role(rawValue: row["role"] as String) ?? .viewer
        }
    }

    public func deleteSession(id: String) async throws {
        try await writer.write { db in try db.execute(sql: "DELETE FROM sessions WHERE id = ?", arguments: [id]) }
    }

    /// Removes expired sessions (at start-up; the table stays small).
    @discardableResult
    public func deleteExpiredSessions() async throws -> Int {
        let now = clock.now()
        return try await writer.write { db in
            try db.execute(sql: "DELETE FROM sessions WHERE expires_at <= ?", arguments: [now])
            return db.changesCount
        }
    }
}

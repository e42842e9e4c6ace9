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

    /// Campaigns with their candidates counted by status, newest first (the dashboard).
    public func campaignCounts(limit: Int) async throws -> [CampaignCounts] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT c.id, c.name, c.status, c.status_reason, j.title, j.company,
                  (SELECT count(*) FROM campaign_candidates cc WHERE cc.campaign_id = c.id) AS total,
                  (SELECT count(*) FROM campaign_candidates cc WHERE cc.campaign_id = c.id AND cc.status = 'calling') AS calling,
                  (SELECT count(*) FROM campaign_candidates cc WHERE cc.campaign_id = c.id AND cc.status = 'completed') AS done,
                  (SELECT count(*) FROM campaign_candidates cc WHERE cc.campaign_id = c.id AND cc.qualified = 1) AS qualified
                FROM campaigns c JOIN jobs j ON j.id = c.job_id
                WHERE c.status <> 'archived'
                ORDER BY c.created_at DESC, c.id DESC LIMIT ?
                """, arguments: [limit]).map { row in
                CampaignCounts(
                    id: row["id"], name: row["name"], status: row["status"], statusReason: row["status_reason"],
                    jobTitle: row["title"], company: row["company"], candidates: row["total"], calling: row["calling"],
                    completed: row["done"], qualified: row["qualified"])
            }
        }
    }
}

public struct CampaignCounts: Sendable, Equatable {
    public var id: String
    public var name: String
    public var status: String
    public var statusReason: String?
    public var jobTitle: String
    public var company: String
    public var candidates: Int
    public var calling: Int
    public var completed: Int
    public var qualified: Int
}

import Foundation
import GRDB

extension AppDatabase {
    /// Writes one audit row inside the caller's transaction, so the change and its record commit together.
    func audit(
        _ db: Database, _ principal: Principal, _ action: String, subjectType: String, subjectID: String?,
        detail: [String: String] = [:]
    ) throws {
        // A cached statement with explicit columns: every placed dial and call end writes one.
        try db.cachedStatement(sql: """
            INSERT INTO audit_log (id, at, actor_type, actor_id, actor_label, action, subject_type, subject_id, detail)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                ids.next(), clock.now(), principal.kind.rawValue, principal.id, principal.label, action, subjectType,
                subjectID, CanonicalJSON.object(detail),
            ])
    }

    /// One retention sweep's audit row: what it removed, by kind.
    public func recordSweep(_ removed: [String: String]) async throws {
        try await writer.write { db in
            try audit(db, .system, "retention.sweep", subjectType: "retention", subjectID: nil, detail: removed)
        }
    }

    /// The newest audit rows first, optionally for one subject.
    public func auditLog(subjectType: String? = nil, subjectID: String? = nil, limit: Int = 100) async throws -> [AuditLogRecord] {
        try await writer.read { db in
            var request = AuditLogRecord.order(Column("at").desc, Column("id").desc)
            if let subjectType { request = request.filter(Column("subject_type") == subjectType) }
            if let subjectID { request = request.filter(Column("subject_id") == subjectID) }
            return try request.limit(limit).fetchAll(db)
        }
    }

    /// The audit log page: newest first, filtered by who (`actor_label`), what (`action`) and when
    /// (`from` inclusive, `until` exclusive); `cursor` is the last id of the previous page.
    public func auditEntries(
        actor: String?, action: String?, from: Date?, until: Date?, after cursor: String?, limit: Int
    ) async throws -> Page<AuditLogRecord> {
        try await writer.read { db in
            var request = AuditLogRecord.all()
            if let actor { request = request.filter(Column("actor_label") == actor) }
            if let action { request = request.filter(Column("action") == action) }
            if let from { request = request.filter(Column("at") >= from) }
            if let until { request = request.filter(Column("at") < until) }
            if let cursor {
                guard let row = try Row.fetchOne(db, sql: "SELECT at, id FROM audit_log WHERE id = ?", arguments: [cursor]) else {
                    throw InvalidCursor()
                }
                let at: String = row["at"]
                request = request.filter(sql: "(at, id) < (?, ?)", arguments: [at, cursor])
            }
            let items = try request.order(Column("at").desc, Column("id").desc).limit(limit + 1).fetchAll(db)
            let page = Array(items.prefix(limit))
            return Page(items: page, nextCursor: items.count > limit ? page.last?.id : nil)
        }
    }

    /// Who and what appear in the audit log, for the page's filters.
    public func auditFacets() async throws -> (actors: [String], actions: [String]) {
        try await writer.read { db in
            (try String.fetchAll(db, sql: "SELECT DISTINCT actor_label FROM audit_log ORDER BY actor_label"),
             try String.fetchAll(db, sql: "SELECT DISTINCT action FROM audit_log ORDER BY action"))
        }
    }
}

extension AppDatabase {
    /// Who a failed sign-in is written as: nobody was signed in.
    static let anonymous = Principal(kind: .user, id: nil, label: "anonymous", role: .viewer)

    /// Records a sign-in the form refused after checking the password: the email as typed (its
    /// first 120 characters), the user it names if any, the client address and why.
    public func auditFailedSignIn(email: String, userID: String?, ip: String, reason: String) async throws {
        try await writer.write { db in
            try audit(db, Self.anonymous, "user.login_failed", subjectType: "user", subjectID: userID,
                      detail: ["email": String(email.prefix(120)), "ip": ip, "reason": reason])
        }
    }

    /// Records a sign-out from the admin page.
    public func auditSignOut(_ principal: Principal, ip: String) async throws {
        try await writer.write { db in
            try audit(db, principal, "user.logout", subjectType: "user", subjectID: principal.id, detail: ["ip": ip])
        }
    }
}

import Foundation
import GRDB

extension AppDatabase {
    public func createUser(
        email: String, name: String, role: Role, passwordHash: String, by principal: Principal
    ) async throws -> UserRecord {
        let now = clock.now()
        let user = UserRecord(
            id: ids.next(), email: email, name: name, passwordHash: passwordHash, role: role.rawValue,
            disabledAt: nil, createdAt: now, updatedAt: now)
        return try await writer.write { db in
            if try Self.user(withEmail: email).fetchCount(db) > 0 {
                throw StoreError.duplicate(field: "email", message: "a user with email \(email) already exists")
            }
            try user.insert(db)
            try audit(db, principal, "user.create", subjectType: "user", subjectID: user.id,
                      detail: ["email": email, "role": role.rawValue])
            return user
        }
    }

    public func users() async throws -> [UserRecord] {
        try await writer.read { db in try UserRecord.order(Column("email")).fetchAll(db) }
    }

    public func user(email: String) async throws -> UserRecord? {
        try await writer.read { db in try Self.user(withEmail: email).fetchOne(db) }
    }

    public func disableUser(email: String, by principal: Principal) async throws {
        try await updateUser(email: email, action: "user.disable", by: principal) { user, now in
            user.disabledAt = user.disabledAt ?? now
        }
    }

    public func setRole(email: String, role: Role, by principal: Principal) async throws {
        try await updateUser(email: email, action: "user.role", by: principal) { user, _ in
            user.role = role.rawValue
        }
    }

    public func setPassword(email: String, passwordHash: String, by principal: Principal) async throws {
        try await updateUser(email: email, action: "user.password", by: principal) { user, _ in
            user.passwordHash = passwordHash
        }
    }

    /// The user whose email is `email`, matched without regard to case (as uniqueness is).
    private static func user(withEmail email: String) -> QueryInterfaceRequest<UserRecord> {
        UserRecord.filter(Column("email").collating(.nocase) == email)
    }

    private func updateUser(
        email: String, action: String, by principal: Principal, change: @escaping @Sendable (inout UserRecord, Date) -> Void
    ) async throws {
        let now = clock.now()
        try await writer.write { db in
            guard var user = try Self.user(withEmail: email).fetchOne(db) else {
                throw StoreError.notFound(entity: "user", id: email)
            }
            change(&user, now)
            user.updatedAt = now
            try user.update(db)
            // Changing who someone is ends what they had signed in.
            try db.execute(sql: "DELETE FROM sessions WHERE user_id = ?", arguments: [user.id])
            try audit(db, principal, action, subjectType: "user", subjectID: user.id, detail: ["email": user.email])
        }
    }
}

extension AppDatabase {
    /// Stores a new API token by its hash. Names are unique so tokens can be told apart and revoked.
    public func createToken(name: String, role: Role, tokenHash: String, userID: String?, by principal: Principal) async throws -> APITokenRecord {
        let token = APITokenRecord(
            id: ids.next(), name: name, tokenHash: tokenHash, role: role.rawValue, userID: userID,
            createdAt: clock.now(), lastUsedAt: nil, revokedAt: nil)
        return try await writer.write { db in
            if try APITokenRecord.filter(Column("name") == name).fetchCount(db) > 0 {
                throw StoreError.duplicate(field: "name", message: "a token named \(name) already exists")
            }
            try token.insert(db)
            try audit(db, principal, "token.create", subjectType: "api_token", subjectID: token.id,
                      detail: ["name": name, "role": role.rawValue])
            return token
        }
    }

    public func tokens() async throws -> [APITokenRecord] {
        try await writer.read { db in try APITokenRecord.order(Column("name")).fetchAll(db) }
    }

    public func revokeToken(name: String, by principal: Principal) async throws {
        let now = clock.now()
        try await writer.write { db in
            guard var token = try APITokenRecord.filter(Column("name") == name).fetchOne(db) else {
                throw StoreError.notFound(entity: "token", id: name)
            }
            guard token.revokedAt == nil else { return }
            token.revokedAt = now
            try token.update(db)
            try audit(db, principal, "token.revoke", subjectType: "api_token", subjectID: token.id, detail: ["name": name])
        }
    }

    /// The live token with this hash and the principal it acts as; nil when unknown, revoked, or its
    /// user is disabled. A token made for a user acts with the lower of its own and the user's
    /// current role. Records the use at most once a minute so reads stay reads.
    public func authenticateToken(hash: String) async throws -> Principal? {
        let now = clock.now()
        let found = try await writer.read { db -> (APITokenRecord, Role)? in
            guard let token = try APITokenRecord.filter(Column("token_hash") == hash).fetchOne(db) else { return nil }
            return try Self.liveRole(db, token).map { (token, $0) }
        }
        guard let (token, role) = found else { return nil }
        if token.lastUsedAt.map({ now.timeIntervalSince($0) >= 60 }) ?? true {
            try await writer.write { db in
                try db.execute(sql: "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", arguments: [now, token.id])
            }
        }
        return Principal(kind: .token, id: token.id, label: "token:\(token.name)", role: role, userID: token.userID)
    }

    /// The role token `id` acts with now; nil once it is revoked or its user is disabled. A read by
    /// primary key, cheap enough for every heartbeat of an open event stream.
    public func currentRole(tokenID id: String) async throws -> Role? {
        try await writer.read { db in
            try APITokenRecord.fetchOne(db, key: id).flatMap { try Self.liveRole(db, $0) }
        }
    }

    /// The role a token acts with, or nil when it is revoked, its role unknown, or its user disabled or gone.
    private static func liveRole(_ db: Database, _ token: APITokenRecord) throws -> Role? {
        guard token.revokedAt == nil, let role = Role(rawValue: token.role) else { return nil }
        guard let userID = token.userID else { return role }
        guard let user = try UserRecord.fetchOne(db, key: userID), user.disabledAt == nil else { return nil }
        return Role.effective(token: role, user: Role(rawValue: user.role) ?? .viewer)
    }
}

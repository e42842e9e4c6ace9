import Foundation
import GRDB
import Testing
@testable import Shortlist

@Suite("Store")
struct StoreTests {
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shortlist-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("Migrations create the whole schema of DESIGN §2 on a fresh database")
    func freshSchema() async throws {
        let database = try AppDatabase.inMemory()
        let tables = try await database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'")
        }
        #expect(Set(tables) == [
            "users", "sessions", "api_tokens", "jobs", "campaigns", "campaign_questions", "campaign_targets",
            "candidates", "campaign_candidates", "campaign_retell_agents", "retell_calls", "retell_call_analysis",
            "retell_batch_calls", "webhook_events", "dnc_numbers", "audit_log", "app_meta", "campaign_agent_versions", "shortlist_entries",
            "work_items", "call_recordings", "dnc_hashes",
        ])
        #expect(try database.migrate().isEmpty)
    }

    @Test("A file database runs in WAL mode with foreign keys on")
    func walOnFile() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try AppDatabase.openFile(path: folder.appendingPathComponent("db.sqlite").path, busyTimeoutMS: 1_000)
        #expect(try database.migrate() == ["v1", "v2", "v3", "v4", "v5", "v6_lifelive", "v6_shortlist", "v7", "v8_consent", "v8_recordings", "v8_retention", "v8_erase"])
        #expect(try database.journalMode() == "wal")
        // synchronous is per connection: what matters is the writer's.
        let (foreignKeys, synchronous) = try await database.writer.writeWithoutTransaction { db in
            (try Int.fetchOne(db, sql: "PRAGMA foreign_keys"), try Int.fetchOne(db, sql: "PRAGMA synchronous"))
        }
        #expect(foreignKeys == 1)
        #expect(synchronous == 1)  // NORMAL
        try database.close()
    }

    @Test("The schema refuses rows that break its rules", arguments: [
        "INSERT INTO users (id, email, password_hash, role, created_at, updated_at) VALUES ('u', 'a@b.c', 'h', 'owner', 't', 't')",
        "INSERT INTO jobs (id, company, title, created_by, created_at, updated_at) VALUES ('j', '', 'T', 'x', 't', 't')",
        "INSERT INTO campaigns (id, name, job_id, from_number, timezone, window_start_minutes, window_end_minutes, days, max_attempts, retry_after_minutes, created_at, updated_at) VALUES ('c', 'C', 'missing-job', '+1', 'UTC', 540, 1080, '[]', 3, 60, 't', 't')",
        "INSERT INTO candidates (id, full_name, phone, created_at, updated_at) VALUES ('p', 'P', '4155550123', 't', 't')",
        "INSERT INTO dnc_numbers (id, phone, source, created_by, created_at) VALUES ('d', '+14155550123', 'rumour', 'x', 't')",
    ])
    func constraints(_ sql: String) async throws {
        let database = try AppDatabase.inMemory()
        await #expect(throws: DatabaseError.self) {
            try await database.writer.write { db in try db.execute(sql: sql) }
        }
    }

    @Test("A campaign's window must start before it ends, also in the database")
    func windowCheck() async throws {
        let database = try AppDatabase.inMemory()
        let job = try await database.createJob(JobSpec(validating: JobInput(company: "A", title: "B")), by: .cli)
        await #expect(throws: DatabaseError.self) {
            try await database.writer.write { db in
                try db.execute(sql: """
                    INSERT INTO campaigns (id, name, job_id, from_number, timezone, window_start_minutes,
                      window_end_minutes, days, max_attempts, retry_after_minutes, created_at, updated_at)
                    VALUES ('c', 'C', ?, '+1', 'UTC', 600, 540, '[]', 3, 60, 't', 't')
                    """, arguments: [job.id])
            }
        }
    }

    @Test("A database migrated by a newer Shortlist is refused")
    func newerSchemaRefused() async throws {
        let database = try AppDatabase.inMemory()
        try await database.writer.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')")
        }
        #expect(throws: StoreError.newerSchema) { try database.migrate() }
    }

    @Test("A backup taken while another task writes is whole and passes integrity_check")
    func backupWhileWriting() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try AppDatabase.openFile(path: folder.appendingPathComponent("db.sqlite").path, busyTimeoutMS: 5_000)
        try database.migrate()
        let writer = Task {
            var written = 0
            while !Task.isCancelled && written < 2_000 {
                _ = try await database.createJob(JobSpec(validating: JobInput(company: "Acme", title: "Job \(written)")), by: .cli)
                written += 1
            }
            return written
        }
        try await Task.sleep(for: .milliseconds(50))
        let backup = folder.appendingPathComponent("backup.sqlite").path
        try await database.backup(to: backup)
        let written = try await writer.value
        #expect(try AppDatabase.integrityCheck(path: backup) == "ok")
        let copy = try DatabaseQueue(path: backup)
        let (jobs, audits) = try await copy.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM jobs") ?? -1,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log WHERE action = 'job.create'") ?? -1)
        }
        #expect(jobs == audits)  // a snapshot of whole transactions: every job has its audit row
        #expect(jobs <= written)
        try copy.close()
        try database.close()
    }

    @Test("A backup never overwrites an existing file")
    func backupRefusesOverwrite() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try AppDatabase.openFile(path: folder.appendingPathComponent("db.sqlite").path, busyTimeoutMS: 1_000)
        try database.migrate()
        let target = folder.appendingPathComponent("exists.sqlite")
        try Data("keep me".utf8).write(to: target)
        await #expect(throws: BackupError.destinationExists(target.path)) { try await database.backup(to: target.path) }
        #expect(try String(contentsOf: target, encoding: .utf8) == "keep me")
        try database.close()
    }

    @Test("A token authenticates until revoked, and records its use at most once a minute")
    func tokens() async throws {
        let clock = FixedClock(Date(timeIntervalSince1970: 1_800_000_000))
        let database = try AppDatabase.inMemory(clock: clock)
        let token = APIToken.generate()
        #expect(token.hasPrefix("slt_") && token.count == 68)
        _ = try await database.createToken(name: "ci", role: .viewer, tokenHash: APIToken.hash(token), userID: nil, by: .cli)
        let principal = try #require(try await database.authenticateToken(hash: APIToken.hash(token)))
        #expect(principal.role == .viewer && principal.label == "token:ci")
        #expect(try await database.authenticateToken(hash: APIToken.hash(token + "x")) == nil)
        #expect(try await database.tokens().first?.lastUsedAt == clock.now())
        clock.advance(by: 30)
        _ = try await database.authenticateToken(hash: APIToken.hash(token))
        #expect(try await database.tokens().first?.lastUsedAt == clock.now().addingTimeInterval(-30))
        try await database.revokeToken(name: "ci", by: .cli)
        #expect(try await database.authenticateToken(hash: APIToken.hash(token)) == nil)
        await #expect(throws: StoreError.self) {
            try await database.createToken(name: "ci", role: .admin, tokenHash: "other", userID: nil, by: .cli)
        }
    }

    @Test("Users are unique by email in any case; disabling one ends their sessions")
    func users() async throws {
        let database = try AppDatabase.inMemory()
        let user = try await database.createUser(email: "Ann@Example.com", name: "Ann", role: .admin, passwordHash: Passwords.hash("correct horse battery"), by: .cli)
        await #expect(throws: StoreError.duplicate(field: "email", message: "a user with email ann@example.com already exists")) {
            try await database.createUser(email: "ann@example.com", name: "", role: .viewer, passwordHash: "x", by: .cli)
        }
        try await database.writer.write { db in
            try db.execute(sql: "INSERT INTO sessions (id, token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) VALUES ('s', 'h', ?, 'c', 't', 't', 't')", arguments: [user.id])
        }
        try await database.disableUser(email: "ann@example.com", by: .cli)
        #expect(try await database.user(email: "ANN@example.com")?.disabledAt != nil)
        #expect(try await database.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sessions") } == 0)
        #expect(Passwords.verify("correct horse battery", hash: user.passwordHash))
        let actions = try await database.auditLog(subjectType: "user").map(\.action)
        #expect(actions == ["user.disable", "user.create"])
    }
}

import Foundation
import GRDB
import HummingbirdTesting
import Testing
@testable import Shortlist

/// The webhook path's hand-written statements (`HotPathWrites.swift`) must write every column of
/// their tables, as the records' own persistence would: a column added later and missed there
/// would silently keep its old value (or NULL) on every webhook.
@Suite("Store: hot-path writes name every column")
struct HotPathWritesTests {
    @Test("Each hand-written insert or update names every column of its table")
    func everyColumn() async throws {
        try await Self.withAnalyzedCall { app, seed in
            let statements = try await app.database.writer.write { db -> [String] in
                var seen: [String] = []
                db.trace { event in
                    if case .statement(let statement) = event { seen.append(statement.sql) }
                }
                defer { db.trace(nil) }
                try #require(try RetellCallRecord.fetchOne(db, key: seed.callID)).writeUpdate(db)
                try #require(try CampaignCandidateRecord.fetchOne(db, key: seed.candidateID)).writeUpdate(db)
                try #require(try CallAnalysisRecord.fetchOne(db, key: seed.callID)).writeUpsert(db)
                var event = try #require(try WebhookEventRecord.fetchOne(db))
                event.id = "hot-path-copy"
                event.retellCallID = nil
                try event.writeInsert(db)
                return seen
            }
            let tables = ["retell_calls", "campaign_candidates", "retell_call_analysis", "webhook_events"]
            for table in tables {
                let sql = try #require(statements.first { Self.table(of: $0) == table }, "no hot write for \(table)")
                let all = try await app.database.writer.read { db in try db.columns(in: table).map(\.name) }
                let keys = Set(["id"]).intersection(all)
                let written = Self.columns(of: sql)
                let expected = sql.hasPrefix("UPDATE") ? Set(all).subtracting(keys) : Set(all)
                #expect(written == expected, "\(table): missing \(expected.subtracting(written).sorted())")
            }
        }
    }

    @Test("Each hand-written write stores what the record's own persistence would, column by column")
    func sameAsRecordPersistence() async throws {
        try await Self.withAnalyzedCall { app, seed in
            let later = app.clock.now().addingTimeInterval(4_321)
            try await app.database.writer.write { db in
                // Every optional the webhook left empty gets a value, so a column the statement
                // leaves out or binds in the wrong place shows up as a difference.
                var call = try #require(try RetellCallRecord.fetchOne(db, key: seed.callID))
                call.durationSeconds = 61
                call.costCents = 17
                call.lastCheckedAt = later
                call.lastError = "hot-path check"
                call.updatedAt = later.addingTimeInterval(1)
                try call.writeUpdate(db)
                try Self.expectStored(call, table: "retell_calls", key: "id", db)

                var candidate = try #require(try CampaignCandidateRecord.fetchOne(db, key: seed.candidateID))
                candidate.attempts = 2
                candidate.nextAttemptAt = later
                candidate.qualified = true
                candidate.updatedAt = later.addingTimeInterval(2)
                try candidate.writeUpdate(db)
                try Self.expectStored(candidate, table: "campaign_candidates", key: "id", db)

                var analysis = try #require(try CallAnalysisRecord.fetchOne(db, key: seed.callID))
                analysis.knowReferee = false
                analysis.nextSteps = "call back on Monday"
                analysis.updatedAt = later.addingTimeInterval(3)
                try analysis.writeUpsert(db)
                try Self.expectStored(analysis, table: "retell_call_analysis", key: "call_id", db)

                var event = try #require(try WebhookEventRecord.fetchOne(db))
                event.id = "hot-path-copy"
                event.retellCallID = nil
                event.error = "copied for the check"
                event.payloadBytes = 7
                event.payloadSHA256 = String(repeating: "ab", count: 32)
                try event.writeInsert(db)
                try Self.expectStored(event, table: "webhook_events", key: "id", db)
            }
        }
    }

    /// The stored row equals the record's own persistence (GRDB's encoding of every property),
    /// and names exactly the same columns.
    static func expectStored(
        _ record: some EncodableRecord, table: String, key: String, _ db: Database
    ) throws {
        let expected = try record.databaseDictionary
        let id = try #require(expected[key])
        let row = try #require(try Row.fetchOne(db, sql: "SELECT * FROM \(table) WHERE \(key) = ?", arguments: [id]))
        #expect(Set(row.columnNames) == Set(expected.keys), "\(table): columns differ from the record's persistence")
        for (column, value) in expected {
            #expect(row[column] as DatabaseValue == value, "\(table).\(column) was written as \(row[column] as DatabaseValue)")
        }
    }

    /// An app whose seeded call has had its `call_analyzed` webhook, so every hot-path row exists.
    static func withAnalyzedCall(_ body: @Sendable (TestApp, CallSeed) async throws -> Void) async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            let analyzed = Hook.body("call_analyzed", status: "ended", custom: #"{"has_license":true}"#)
            #expect(try await Hook.post(client, analyzed, app: app).status == .noContent)
            try await body(app, seed)
        }
    }

    static func table(of sql: String) -> String? {
        let words = sql.split(whereSeparator: { $0.isWhitespace || $0 == "(" })
        if words.first == "UPDATE" { return words.dropFirst().first.map(String.init) }
        if words.starts(with: ["INSERT", "INTO"]) { return words.dropFirst(2).first.map(String.init) }
        return nil
    }

    /// The columns an `INSERT INTO t (a, b) …` names, or an `UPDATE t SET a = ?, b = ? WHERE …` sets.
    static func columns(of sql: String) -> Set<String> {
        let flat = sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        if flat.hasPrefix("UPDATE"),
           let set = flat.range(of: " SET "), let whereRange = flat.range(of: " WHERE ", range: set.upperBound..<flat.endIndex) {
            return Set(flat[set.upperBound..<whereRange.lowerBound].split(separator: ",").compactMap {
                $0.split(separator: "=").first.map { $0.trimmingCharacters(in: .whitespaces) }
            })
        }
        guard let open = flat.firstIndex(of: "("), let close = flat[open...].firstIndex(of: ")") else { return [] }
        return Set(flat[flat.index(after: open)..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    }
}

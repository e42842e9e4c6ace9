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
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            let analyzed = Hook.body("call_analyzed", status: "ended", custom: #"{"has_license":true}"#)
            #expect(try await Hook.post(client, analyzed, app: app).status == .noContent)
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

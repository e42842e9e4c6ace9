import Foundation
import GRDB
import Testing
@testable import Shortlist

@Suite("Command line: erase", .serialized)
struct EraseCommandTests {
    @Test("shortlist erase --phone (national, default country) erases and says what went; again by --candidate says it was already erased; mistakes exit 1")
    func eraseByPhone() async throws {
        let binary = try ShortlistBinary.locate()
        let folder = try DaemonFolder()
        defer { folder.remove() }
        let database = try AppDatabase.openFile(path: folder.databasePath, busyTimeoutMS: 1_000)
        try database.migrate()
        let app = try await TestApp.make(database: database)
        let person = try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            _ = try await Hook.post(client, Hook.body("call_ended", status: "not_connected", reason: "dial_no_answer"), app: app)
            _ = try await client.send(.post, "/api/v1/dnc", token: app.recruiterToken, json: #"{"phone":"+15125550134"}"#)
            return try await app.database.writer.read { db in
                try #require(try String.fetchOne(db, sql: "SELECT candidate_id FROM campaign_candidates WHERE id = ?", arguments: [seed.candidateID]))
            }
        }
        try database.close()
        let config = ["--config", folder.configPath]

        let erased = try binary.run(["erase", "--phone", "(512) 555-0134"] + config, in: folder.url)
        #expect(erased.status == 0, "\(erased.stderr)")
        #expect(erased.stdout.contains("erased candidate \(person): name, phone, email, details, transcripts, analysis text and 0 recordings removed from 1 campaign and 1 call; the counts are kept"))
        #expect(erased.stdout.contains("Retell will be asked to delete 1 call"))
        #expect(erased.stdout.contains("their number stays on the do-not-call list as a keyed hash"))
        #expect(!erased.stdout.contains("0134") && !erased.stdout.contains("Jane"))

        let again = try binary.run(["erase", "--candidate", person] + config, in: folder.url)
        #expect(again.status == 0 && again.stdout.contains("was already erased (erased on"), "\(again.stdout)")
        let unknown = try binary.run(["erase", "--phone", "(512) 555-0134"] + config, in: folder.url)
        #expect(unknown.status == 1 && unknown.stderr.contains("no candidate has the number"))
        #expect(try binary.run(["erase"] + config, in: folder.url).status == 1)
        #expect(try binary.run(["erase", "--candidate", person, "--phone", "+15125550134"] + config, in: folder.url).status == 1)
        #expect(try binary.run(["erase", "--phone", "12"] + config, in: folder.url).status == 1)
        #expect(try binary.run(["erase", "--candidate", "nobody"] + config, in: folder.url).status == 1)
    }
}

import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Shortlist

@Suite("Admin page: do-not-call list")
struct DNCPageTests {
    @Test("A recruiter adds a number (normalised) and removes it; a bad number comes back with the message and the input kept")
    func addRemove() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let recruiter = try await JobPagesTests.signedIn(app, client)
            let added = try await SignInPagesTests.post(
                client, "/dnc", form: [("_csrf", recruiter.csrf), ("phone", "(512) 555-0134"), ("reason", "asked by email")], cookie: recruiter.cookie)
            #expect(added.status == .seeOther)
            #expect(try await app.database.isOnDNC(phone: "+15125550134"))
            let html = String(buffer: try await client.execute(uri: "/dnc", method: .get, headers: [.cookie: recruiter.cookie]).body)
            #expect(html.contains(#"<tr><td>+15125550134</td><td>asked by email</td><td><span class="tag tone-quiet" title="manual">Added by hand</span>"#))

            let bad = try await SignInPagesTests.post(
                client, "/dnc", form: [("_csrf", recruiter.csrf), ("phone", "12"), ("reason", "x")], cookie: recruiter.cookie)
            #expect(bad.status == .unprocessableContent)
            let badHTML = String(buffer: bad.body)
            #expect(badHTML.contains(#"<input id="phone" name="phone" value="12" aria-invalid="true""#))

            let removed = try await SignInPagesTests.post(
                client, "/dnc/remove", form: [("_csrf", recruiter.csrf), ("phone", "+15125550134")], cookie: recruiter.cookie)
            #expect(removed.status == .seeOther)
            #expect(try await app.database.isOnDNC(phone: "+15125550134") == false)
        }
    }

    @Test("Viewers see masked numbers and no forms, and cannot add")
    func viewers() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            _ = try await app.database.addDNC(phone: "+15125550134", reason: "opted out", source: .manual, by: .cli)
            let viewer = try await JobPagesTests.signedIn(app, client, role: .viewer)
            let html = String(buffer: try await client.execute(uri: "/dnc", method: .get, headers: [.cookie: viewer.cookie]).body)
            #expect(!html.contains("5125550134"))
            #expect(!html.contains("Add to the list"))
            let refused = try await SignInPagesTests.post(
                client, "/dnc", form: [("_csrf", viewer.csrf), ("phone", "+15125550199")], cookie: viewer.cookie)
            #expect(refused.status == .forbidden)
            #expect(try await app.database.isOnDNC(phone: "+15125550199") == false)
        }
    }

    static func importFile(
        _ client: any TestClientProtocol, cookie: String, csrf: String, content: String, filename: String = "dnc.csv"
    ) async throws -> TestResponse {
        let body = CandidateUploadPageTests.multipart(fields: [("_csrf", csrf)], files: [("file", filename, content)])
        return try await client.execute(
            uri: "/dnc/import", method: .post,
            headers: [.cookie: cookie, .contentType: "multipart/form-data; boundary=\(CandidateUploadPageTests.boundary)"], body: body)
    }

    @Test("A CSV with a phone column is imported in one go: numbers normalised, reasons kept, bad rows listed, known numbers kept as they were")
    func importsCSV() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            _ = try await app.database.addDNC(phone: "+15125550134", reason: "opted out", source: .manual, by: .cli)
            let recruiter = try await JobPagesTests.signedIn(app, client)
            let csv = "name,phone,reason\nAna,(512) 555-0140,asked by email\nBo,call me,\nCy,+15125550134,again\nDi,512-555-0141,\nAna,512 555 0140,twice\n"
            let response = try await Self.importFile(client, cookie: recruiter.cookie, csrf: recruiter.csrf, content: csv)
            #expect(response.status == .ok)
            let html = String(buffer: response.body)
            #expect(html.contains("Added 2 numbers from dnc.csv; 2 already listed or repeated; 1 row rejected."))
            #expect(html.contains(#"<tr><td class="num">3</td>"#))
            #expect(html.contains(#"<tr><td>+15125550140</td><td>asked by email</td><td><span class="tag tone-quiet" title="import">Imported from a file</span>"#))
            #expect(try await app.database.isOnDNC(phone: "+15125550141"))
            let kept = try await app.database.dncList(after: nil, limit: 10).items.first { $0.phone == "+15125550134" }
            #expect(kept?.reason == "opted out")
            let audit = try await app.database.auditLog(subjectType: "dnc").first
            #expect(audit?.action == "dnc.import")
        }
    }

    @Test("A plain list with one number per line is imported; an empty file, a viewer and a forged token are refused")
    func importsList() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let recruiter = try await JobPagesTests.signedIn(app, client)
            let listed = try await Self.importFile(
                client, cookie: recruiter.cookie, csrf: recruiter.csrf, content: "+15125550150\n\n(512) 555-0151\n", filename: "numbers.txt")
            #expect(String(buffer: listed.body).contains("Added 2 numbers from numbers.txt"))
            #expect(try await app.database.isOnDNC(phone: "+15125550151"))
            let empty = try await Self.importFile(client, cookie: recruiter.cookie, csrf: recruiter.csrf, content: "")
            #expect(empty.status == .unprocessableContent)
            #expect(String(buffer: empty.body).contains("Choose a file to import."))
            let forged = try await Self.importFile(client, cookie: recruiter.cookie, csrf: "forged", content: "+15125550152\n")
            #expect(forged.status == .forbidden)
            let viewer = try await JobPagesTests.signedIn(app, client, role: .viewer)
            let refused = try await Self.importFile(client, cookie: viewer.cookie, csrf: viewer.csrf, content: "+15125550152\n")
            #expect(refused.status == .forbidden)
            #expect(try await app.database.isOnDNC(phone: "+15125550152") == false)
        }
    }
}

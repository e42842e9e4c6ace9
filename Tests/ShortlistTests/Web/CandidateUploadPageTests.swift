import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing
@testable import Shortlist

@Suite("Admin page: candidate upload")
struct CandidateUploadPageTests {
    static let boundary = "----shortlist-test-7MA4YWxkTrZu0gW"

    /// A multipart body as a browser sends it: text fields, then files (name, filename, bytes).
    static func multipart(fields: [(String, String)], files: [(String, String, String)]) -> ByteBuffer {
        var text = ""
        for (name, value) in fields {
            text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        for (name, filename, content) in files {
            text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\n"
            text += "Content-Type: text/csv\r\n\r\n\(content)\r\n"
        }
        text += "--\(boundary)--\r\n"
        return ByteBuffer(string: text)
    }

    static func upload(
        _ client: any TestClientProtocol, campaign: String, cookie: String, csrf: String, csv: String?, filename: String = "people.csv"
    ) async throws -> TestResponse {
        let body = multipart(fields: [("_csrf", csrf)], files: csv.map { [("file", filename, $0)] } ?? [])
        return try await client.execute(
            uri: "/campaigns/\(campaign)/candidates", method: .post,
            headers: [.cookie: cookie, .contentType: "multipart/form-data; boundary=\(boundary)"], body: body)
    }

    @Test("An uploaded CSV is imported; the page says how many, and lists each row it could not take with the reason")
    func imports() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let (id, admin) = try await CampaignPageTests.setUp(app, client)
            let csv = """
                full_name,phone,email,shift
                Ana Lima,(512) 555-0140,ana@example.com,night
                Bo Chen,not a phone,,day
                Jane Doe,+15125550134,,day
                Cy Park,512-555-0141,,any
                """
            let response = try await Self.upload(client, campaign: id, cookie: admin.cookie, csrf: admin.csrf, csv: csv)
            #expect(response.status == .ok)
            let html = String(buffer: response.body)
            #expect(html.contains("Imported 2 candidates; 1 duplicate skipped; 1 row rejected."))
            #expect(html.contains(#"<tr><td class="num">3</td><td>phone</td>"#))
            #expect(html.contains("Ana Lima"))
            let rows = try await app.database.campaignCandidates(campaignID: id, status: nil, after: nil, limit: 10).items
            #expect(Set(rows.map(\.fullName)) == ["Jane Doe", "Raj Patel", "Ana Lima", "Cy Park"])
            #expect(try await app.database.auditLog(subjectType: "campaign").contains { $0.action == "candidates.import" })
        }
    }

    @Test("No file, a file that is not CSV, a forged token, a viewer and a body that is not multipart are each refused with nothing imported")
    func refusals() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let (id, admin) = try await CampaignPageTests.setUp(app, client)
            let none = try await Self.upload(client, campaign: id, cookie: admin.cookie, csrf: admin.csrf, csv: nil)
            #expect(none.status == .unprocessableContent)
            #expect(String(buffer: none.body).contains("Choose a CSV file to upload."))
            let unterminated = try await Self.upload(
                client, campaign: id, cookie: admin.cookie, csrf: admin.csrf, csv: "full_name,phone\n\"Ana,+15125550140\n", filename: "bad.csv")
            #expect(unterminated.status == .unprocessableContent)
            #expect(String(buffer: unterminated.body).contains("bad.csv: "))
            let noPhone = try await Self.upload(client, campaign: id, cookie: admin.cookie, csrf: admin.csrf, csv: "name,email\nAna,a@b.c\n")
            #expect(noPhone.status == .unprocessableContent)
            let forged = try await Self.upload(client, campaign: id, cookie: admin.cookie, csrf: "forged", csv: "full_name,phone\nAna,+15125550140\n")
            #expect(forged.status == .forbidden)
            let viewer = try await JobPagesTests.signedIn(app, client, role: .viewer)
            let refused = try await Self.upload(client, campaign: id, cookie: viewer.cookie, csrf: viewer.csrf, csv: "full_name,phone\nAna,+15125550140\n")
            #expect(refused.status == .forbidden)
            let plain = try await SignInPagesTests.post(client, "/campaigns/\(id)/candidates", form: [("_csrf", admin.csrf)], cookie: admin.cookie)
            #expect(plain.status == .unsupportedMediaType)
            let cut = try await client.execute(
                uri: "/campaigns/\(id)/candidates", method: .post,
                headers: [.cookie: admin.cookie, .contentType: "multipart/form-data; boundary=\(Self.boundary)"],
                body: ByteBuffer(string: "--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(admin.csrf)"))
            #expect(cut.status == .badRequest)
            let rows = try await app.database.campaignCandidates(campaignID: id, status: nil, after: nil, limit: 10).items
            #expect(rows.count == 2)
        }
    }
}

@Suite("Multipart form parsing")
struct MultipartFormTests {
    @Test("Fields and files come out with their names; the boundary may be quoted; a body cut short is an error")
    func parses() throws {
        let body = CandidateUploadPageTests.multipart(
            fields: [("_csrf", "abc"), ("note", "line one\r\nline two")], files: [("file", "a \"b\".csv", "x,y\r\n1,2\r\n")])
        let form = try MultipartForm.parse(Array(body.readableBytesView), boundary: CandidateUploadPageTests.boundary)
        #expect(form["_csrf"] == "abc")
        #expect(form["note"] == "line one\r\nline two")
        let file = try #require(form.files["file"])
        #expect(String(decoding: file.data, as: UTF8.self) == "x,y\r\n1,2\r\n")
        #expect(file.contentType == "text/csv")
        #expect(MultipartForm.boundary("multipart/form-data; boundary=\"a b\"") == "a b")
        #expect(MultipartForm.boundary("multipart/form-data; charset=utf-8; boundary=xyz") == "xyz")
        #expect(MultipartForm.boundary("multipart/form-data") == nil)
        let bytes = Array(body.readableBytesView)
        #expect(throws: MultipartForm.ParseError.self) {
            try MultipartForm.parse(Array(bytes.prefix(bytes.count - 12)), boundary: CandidateUploadPageTests.boundary)
        }
        #expect(throws: MultipartForm.ParseError.self) { try MultipartForm.parse(Array("hello".utf8), boundary: "b") }
    }
}

import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing
@testable import Shortlist

@Suite("Admin page: jobs")
struct JobPagesTests {
    /// Signs in a user with `role`; returns the cookie header and the session's CSRF token.
    static func signedIn(_ app: TestApp, _ client: any TestClientProtocol, role: Role = .recruiter) async throws -> (cookie: String, csrf: String) {
        let email = "\(role.rawValue)@agency.example"
        _ = try await app.database.createUser(email: email, name: "", role: role, passwordHash: Passwords.hash("pw-\(email)"), by: .cli)
        let (formCSRF, formCookie) = try await SignInPagesTests.openForm(client)
        let response = try await SignInPagesTests.post(
            client, "/login", form: [("_csrf", formCSRF), ("email", email), ("password", "pw-\(email)")], cookie: formCookie)
        let cookie = String(try #require(SignInPagesTests.sessionCookie(response)).prefix { $0 != ";" })
        let csrf = try await app.database.writer.read { db in
            try String.fetchOne(db, sql: "SELECT s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = ?", arguments: [email])
        }
        return (cookie, try #require(csrf))
    }

    static func jobForm(csrf: String, company: String = "Acme", title: String = "Driver") -> [(String, String)] {
        [("_csrf", csrf), ("company", company), ("title", title), ("location", "Austin, TX"), ("salary_range", ""),
         ("employment_type", "Full-time"), ("description", "Vans & trucks")]
    }

    @Test("A recruiter creates a job from the form; it is stored, audited and listed")
    func creates() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let session = try await Self.signedIn(app, client)
            let response = try await SignInPagesTests.post(client, "/jobs", form: Self.jobForm(csrf: session.csrf), cookie: session.cookie)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/jobs")
            let job = try #require(try await app.database.jobs(after: nil, limit: 10).items.first)
            #expect(job.description == "Vans & trucks")
            #expect(job.createdBy == "recruiter@agency.example")
            let list = try await client.execute(uri: "/jobs", method: .get, headers: [.cookie: session.cookie])
            #expect(String(buffer: list.body).contains("<td>Driver</td><td>Acme</td><td>Austin, TX</td>"))
        }
    }

    @Test("A bad field comes back beside the field with everything typed kept, and nothing is stored")
    func fieldErrors() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let session = try await Self.signedIn(app, client)
            let response = try await SignInPagesTests.post(
                client, "/jobs", form: Self.jobForm(csrf: session.csrf, title: "   "), cookie: session.cookie)
            #expect(response.status == .unprocessableContent)
            let html = String(buffer: response.body)
            #expect(html.contains(#"<input id="title" name="title" value="   " aria-invalid="true" aria-describedby="title-error">"#))
            #expect(html.contains(#"<p class="error" id="title-error">is required</p>"#))
            #expect(html.contains(#"value="Austin, TX""#))
            #expect(html.contains("Vans &amp; trucks"))
            #expect(try await app.database.jobs(after: nil, limit: 10).items.isEmpty)
        }
    }

    @Test("Editing changes the job; viewers read the list but cannot create or edit; a wrong CSRF token is 403")
    func editAndRoles() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let recruiter = try await Self.signedIn(app, client)
            _ = try await SignInPagesTests.post(client, "/jobs", form: Self.jobForm(csrf: recruiter.csrf), cookie: recruiter.cookie)
            let job = try #require(try await app.database.jobs(after: nil, limit: 10).items.first)
            let edit = try await client.execute(uri: "/jobs/\(job.id)/edit", method: .get, headers: [.cookie: recruiter.cookie])
            #expect(String(buffer: edit.body).contains(#"value="Driver""#))
            let saved = try await SignInPagesTests.post(
                client, "/jobs/\(job.id)", form: Self.jobForm(csrf: recruiter.csrf, title: "Night driver"), cookie: recruiter.cookie)
            #expect(saved.status == .seeOther)
            #expect(try await app.database.job(id: job.id)?.title == "Night driver")
            #expect(try await app.database.auditLog(subjectType: "job").first?.action == "job.update")
            let forged = try await SignInPagesTests.post(
                client, "/jobs/\(job.id)", form: Self.jobForm(csrf: "forged", title: "X"), cookie: recruiter.cookie)
            #expect(forged.status == .forbidden)

            let viewer = try await Self.signedIn(app, client, role: .viewer)
            let list = String(buffer: try await client.execute(uri: "/jobs", method: .get, headers: [.cookie: viewer.cookie]).body)
            #expect(list.contains("<td>Night driver</td>"))
            #expect(!list.contains("New job"))
            #expect(try await client.execute(uri: "/jobs/new", method: .get, headers: [.cookie: viewer.cookie]).status == .forbidden)
            let refused = try await SignInPagesTests.post(client, "/jobs", form: Self.jobForm(csrf: viewer.csrf), cookie: viewer.cookie)
            #expect(refused.status == .forbidden)
            #expect(try await app.database.jobs(after: nil, limit: 10).items.count == 1)
        }
    }

    @Test("The new-job form matches its golden file")
    func golden() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let session = try await Self.signedIn(app, client)
            let html = String(buffer: try await client.execute(uri: "/jobs/new", method: .get, headers: [.cookie: session.cookie]).body)
            let stable = html.replacingOccurrences(of: #"value="[0-9a-f]{64}""#, with: #"value="CSRF""#, options: .regularExpression)
            try Golden.check(stable, against: "page-job-form.html")
        }
    }
}

import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing
@testable import Shortlist

/// Golden HTML for the pages whose own suites check behaviour rather than markup: the job list,
/// live calls, the do-not-call list, users and the audit log. `RECORD_GOLDEN=1` rewrites them.
@Suite("Admin page: golden files")
struct PageGoldenTests {
    static func page(_ client: any TestClientProtocol, _ uri: String, cookie: String) async throws -> String {
        let html = String(buffer: try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie]).body)
        return html.replacingOccurrences(of: #"value="[0-9a-f]{64}""#, with: #"value="CSRF""#, options: .regularExpression)
    }

    @Test("The job list, the do-not-call list, users and the audit log match their golden files")
    func adminPages() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let admin = try await JobPagesTests.signedIn(app, client, role: .admin)
            _ = try await SignInPagesTests.post(client, "/jobs", form: JobPagesTests.jobForm(csrf: admin.csrf), cookie: admin.cookie)
            _ = try await app.database.addDNC(phone: "+15125550134", reason: "asked by email", source: .manual, by: .cli)
            _ = try await app.database.createUser(
                email: "ops@agency.example", name: "Ops", role: .viewer, passwordHash: Passwords.hash("pw"), by: .cli)
            try Golden.check(try await Self.page(client, "/jobs", cookie: admin.cookie), against: "page-jobs.html")
            try Golden.check(try await Self.page(client, "/dnc", cookie: admin.cookie), against: "page-dnc.html")
            try Golden.check(try await Self.page(client, "/users", cookie: admin.cookie), against: "page-users.html")
            try Golden.check(try await Self.page(client, "/audit", cookie: admin.cookie), against: "page-audit.html")
        }
    }

    @Test("Live calls match their golden file")
    func live() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let admin = try await LivePageTests.threeCalls(app, client)
            try Golden.check(try await Self.page(client, "/live", cookie: admin.cookie), against: "page-live.html")
        }
    }
}

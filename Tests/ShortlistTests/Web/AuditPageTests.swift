import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing
@testable import Shortlist

@Suite("Admin page: audit log")
struct AuditPageTests {
    static func get(_ client: any TestClientProtocol, _ uri: String, cookie: String) async throws -> (HTTPResponse.Status, String) {
        let response = try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie])
        return (response.status, String(buffer: response.body))
    }

    @Test("Admins read who did what and when, filtered by user, action and UTC days; others are refused")
    func filters() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let recruiter = try await JobPagesTests.signedIn(app, client)
            // 2026-11-18: the recruiter makes a job; 2026-11-20: the admin lists a number.
            _ = try await SignInPagesTests.post(client, "/jobs", form: JobPagesTests.jobForm(csrf: recruiter.csrf), cookie: recruiter.cookie)
            app.clock.advance(by: 2 * 86_400)
            let admin = try await JobPagesTests.signedIn(app, client, role: .admin)
            _ = try await SignInPagesTests.post(
                client, "/dnc", form: [("_csrf", admin.csrf), ("phone", "+15125550134"), ("reason", "asked")], cookie: admin.cookie)

            let (status, all) = try await Self.get(client, "/audit", cookie: admin.cookie)
            #expect(status == .ok)
            #expect(all.contains("<td>job.create</td>"))
            #expect(all.contains("<td>dnc.add</td>"))
            #expect(all.contains("phone=+15*******34"))
            #expect(!all.contains("5125550134"))
            #expect(all.contains(#"<option value="recruiter@agency.example">recruiter@agency.example</option>"#))
            #expect(all.range(of: "dnc.add</td>")!.lowerBound < all.range(of: "job.create</td>")!.lowerBound)

            let (_, byUser) = try await Self.get(client, "/audit?user=recruiter%40agency.example", cookie: admin.cookie)
            #expect(byUser.contains("<td>job.create</td>"))
            #expect(!byUser.contains("<td>dnc.add</td>"))
            #expect(byUser.contains(#"<option value="recruiter@agency.example" selected>"#))
            let (_, byAction) = try await Self.get(client, "/audit?action=dnc.add", cookie: admin.cookie)
            #expect(byAction.contains("<td>dnc.add</td>"))
            #expect(!byAction.contains("<td>job.create</td>"))
            let (_, firstDay) = try await Self.get(client, "/audit?from=2026-11-18&to=2026-11-18", cookie: admin.cookie)
            #expect(firstDay.contains("<td>job.create</td>"))
            #expect(!firstDay.contains("<td>dnc.add</td>"))
            let (_, later) = try await Self.get(client, "/audit?from=2026-11-19", cookie: admin.cookie)
            #expect(!later.contains("<td>job.create</td>"))
            #expect(later.contains("<td>dnc.add</td>"))

            let (badStatus, bad) = try await Self.get(client, "/audit?from=2026-02-30", cookie: admin.cookie)
            #expect(badStatus == .unprocessableContent)
            #expect(bad.contains(#"<p class="error" id="from-error">&quot;2026-02-30&quot; is not a date like 2026-11-27</p>"#))

            let viewer = try await JobPagesTests.signedIn(app, client, role: .viewer)
            #expect(try await client.execute(uri: "/audit", method: .get, headers: [.cookie: viewer.cookie]).status == .forbidden)
            #expect(try await client.execute(uri: "/audit", method: .get).status == .seeOther)
            #expect(!(try await Self.get(client, "/", cookie: viewer.cookie).1.contains(#"href="/audit""#)))
            #expect(try await Self.get(client, "/", cookie: admin.cookie).1.contains(#"href="/audit""#))
        }
    }

    @Test("A hundred entries to a page; the next page keeps the filters and carries on where the first stopped")
    func pages() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let admin = try await JobPagesTests.signedIn(app, client, role: .admin)
            for index in 0..<130 {
                _ = try await app.database.addDNC(phone: "+1512555\(String(format: "%04d", index))", reason: "", source: .manual, by: .cli)
            }
            let (_, first) = try await Self.get(client, "/audit?action=dnc.add", cookie: admin.cookie)
            #expect(first.components(separatedBy: "<td>dnc.add</td>").count - 1 == 100)
            let next = try #require(first.firstMatch(of: /href="(\/audit\?action=dnc\.add&amp;after=[^"]+)"/)?.1)
            let (_, second) = try await Self.get(client, String(next).replacingOccurrences(of: "&amp;", with: "&"), cookie: admin.cookie)
            #expect(second.components(separatedBy: "<td>dnc.add</td>").count - 1 == 30)
            #expect(!second.contains("Older entries"))
            let subjects = { (html: String) in Set(html.matches(of: /<td>dnc ([0-9a-f-]{36})<\/td>/).map { String($0.1) }) }
            #expect(subjects(first).count == 100)
            #expect(subjects(first).isDisjoint(with: subjects(second)))
            #expect(subjects(first).union(subjects(second)).count == 130)
        }
    }
}

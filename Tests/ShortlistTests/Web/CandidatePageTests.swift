import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Shortlist

@Suite("Admin page: candidate")
struct CandidatePageTests {
    @Test("A called candidate's page shows the analysis: checks, summary, sentiment, answers, key points, transcript and recording")
    func analysis() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            for event in ["call_started", "call_ended"] {
                _ = try await Hook.post(client, Hook.body(event, status: event == "call_started" ? "ongoing" : "ended", reason: "user_hangup"), app: app)
            }
            let custom = #"{"available_to_work":true,"interested":true,"know_referee":false,"has_license":"true","expected_salary":"52000","shift":"day","key_points":"Four years driving\nEarly shifts","sentiment_score":0.9}"#
            _ = try await Hook.post(client, Hook.body("call_analyzed", status: "ended", reason: "user_hangup", custom: custom), app: app)
            let admin = try await JobPagesTests.signedIn(app, client, role: .admin)
            let response = try await client.execute(uri: "/candidates/\(seed.candidateID)", method: .get, headers: [.cookie: admin.cookie])
            #expect(response.status == .ok)
            let html = String(buffer: response.body)
            #expect(html.contains(#"outcome: <span class="tag tone-good" title="qualified">Qualified</span>"#))
            #expect(html.contains(#"qualified: <span class="tag tone-good" title="true">Yes</span>"#))
            #expect(html.contains("<li>Available to work: <strong>Yes</strong></li><li>Interested: <strong>Yes</strong></li><li>Knows someone at the company: <strong>No</strong></li>"))
            #expect(html.contains("<p>Keen, licensed.</p>"))
            #expect(html.contains(#"<rect class="fill tone-good" width="90" height="6"></rect>"#))
            #expect(html.contains("<dt>Salary</dt><dd>52000</dd>"))
            #expect(html.contains("<li>Four years driving</li><li>Early shifts</li>"))
            #expect(html.contains(#"<p class="agent"><strong>Agent</strong> Hello</p><p class="person"><strong>User</strong> Hi</p>"#))
            // No recording key in this app: nothing is downloaded, Retell's address is never shown, and the page says why.
            #expect(!html.contains("r.example") && !html.contains("<audio"))
            #expect(html.contains("<h3>Recording</h3><p>No recording kept: no recording key is set.</p>"))
            try Golden.check(
                html.replacingOccurrences(of: #"value="[0-9a-f]{64}""#, with: #"value="CSRF""#, options: .regularExpression),
                against: "page-candidate.html")
        }
    }

    @Test("Viewers see the number masked; unknown candidates are 404; no session goes to sign-in")
    func access() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            #expect(try await client.execute(uri: "/candidates/\(seed.candidateID)", method: .get).status == .seeOther)
            let viewer = try await JobPagesTests.signedIn(app, client, role: .viewer)
            let html = String(buffer: try await client.execute(uri: "/candidates/\(seed.candidateID)", method: .get, headers: [.cookie: viewer.cookie]).body)
            #expect(!html.contains("5125550134"))
            #expect(try await client.execute(uri: "/candidates/nobody", method: .get, headers: [.cookie: viewer.cookie]).status == .notFound)
        }
    }
}

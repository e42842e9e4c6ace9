import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Shortlist

@Suite("Admin page: agent versions and freshness")
struct AgentVersionPageTests {
    /// What a template shows for `text` (mustache escapes these characters).
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    static func page(_ client: any TestClientProtocol, _ path: String, cookie: String) async throws -> (HTTPResponse.Status, String) {
        let response = try await client.execute(uri: path, method: .get, headers: [.cookie: cookie])
        return (response.status, String(buffer: response.body))
    }

    @Test("The campaign page says, in plain words, that the agent is out of date, why, and that it is updated before the next calls")
    func campaignPageShowsFreshness() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(1), startBatch: false)
            let viewer = try await JobPagesTests.signedIn(app, client, role: .viewer)
            var (_, html) = try await Self.page(client, "/campaigns/\(harness.campaignID)", cookie: viewer.cookie)
            #expect(html.contains(#"<span class="tag tone-good" title="up_to_date">Up to date</span>"#))
            #expect(html.contains(#"<a href="/campaigns/\#(harness.campaignID)/agent/versions/1">Version 1</a>"#))

            _ = try await client.send(.patch, "/api/v1/campaigns/\(harness.campaignID)", token: app.recruiterToken,
                                      json: AgentFreshnessFlowTests.addTarget)
            (_, html) = try await Self.page(client, "/campaigns/\(harness.campaignID)", cookie: viewer.cookie)
            #expect(html.contains(#"<span class="tag tone-warn" title="out_of_date">Out of date</span>"#))
            #expect(html.contains("The targets changed since version 1. It will be brought up to date (version 2) before the next calls."))
        }
    }

    @Test("Starting calls from the page when Retell refuses the update shows why, in words, and starts nothing")
    func campaignPageRefusal() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(1), startBatch: false)
            _ = try await client.send(.patch, "/api/v1/campaigns/\(harness.campaignID)", token: app.recruiterToken,
                                      json: AgentFreshnessFlowTests.addTarget)
            await harness.retell.failNext(.updateRetellLLM, with: .http(402, "payment required"))
            let admin = try await JobPagesTests.signedIn(app, client, role: .admin)
            let refused = try await SignInPagesTests.post(
                client, "/campaigns/\(harness.campaignID)/batches", form: [("_csrf", admin.csrf)], cookie: admin.cookie)
            #expect(refused.status == .unprocessableContent)
            let html = String(buffer: refused.body)
            #expect(html.contains("No calls were started: the agent is out of date and could not be brought up to date."))
            #expect(html.contains("Retell stopped billing for this account"))
            #expect(try await app.database.batches(campaignID: harness.campaignID).isEmpty)
        }
    }

    @Test("A version's page shows its exact prompt, begin message and analysis fields; the older one stays readable after an update")
    func versionPage() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(1), startBatch: false)
            let id = harness.campaignID
            _ = try await client.send(.patch, "/api/v1/campaigns/\(id)", token: app.recruiterToken, json: AgentFreshnessFlowTests.addTarget)
            _ = try await client.send(.post, "/api/v1/campaigns/\(id)/agent", token: app.recruiterToken)
            let versions = try await app.database.agentVersions(campaignID: id)
            #expect(versions.count == 2)
            let viewer = try await JobPagesTests.signedIn(app, client, role: .viewer)

            let (status, html) = try await Self.page(client, "/campaigns/\(id)/agent/versions/1", cookie: viewer.cookie)
            #expect(status == .ok)
            #expect(html.contains("<h1>Agent version 1</h1>"))
            #expect(html.contains(#"<pre class="prompt">\#(Self.escaped(versions[0].prompt))</pre>"#))
            #expect(html.contains(#"<pre class="prompt">\#(Self.escaped(versions[0].beginMessage))</pre>"#))
            #expect(html.contains("<code>has_license</code>"))
            #expect(!html.contains("<code>years_driving</code>"))
            #expect(html.contains("replaced by a newer version"))
            #expect(html.contains("Voice: \(app.config.retell.voiceID)"))
            try Golden.check(
                html.replacingOccurrences(of: #"value="[0-9a-f]{64}""#, with: #"value="CSRF""#, options: .regularExpression),
                against: "page-agent-version.html")

            let (_, current) = try await Self.page(client, "/campaigns/\(id)/agent/versions/2", cookie: viewer.cookie)
            #expect(current.contains("<code>years_driving</code>"))
            #expect(current.contains("the version in use now"))
            #expect(current.contains(#"<pre class="prompt">\#(Self.escaped(versions[1].prompt))</pre>"#))
        }
    }

    @Test("Versions that do not exist, numbers that are not versions and unknown campaigns are 404; without a session it is the sign-in page", arguments: [
        "versions/3", "versions/0", "versions/-1", "versions/abc", "versions/1.0", "versions/99999999999999999999", "versions/%201",
    ])
    func versionPageNotFound(path: String) async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(1), startBatch: false)
            let viewer = try await JobPagesTests.signedIn(app, client, role: .viewer)
            #expect(try await Self.page(client, "/campaigns/\(harness.campaignID)/agent/\(path)", cookie: viewer.cookie).0 == .notFound)
            #expect(try await Self.page(client, "/campaigns/nope/agent/versions/1", cookie: viewer.cookie).0 == .notFound)
            let anonymous = try await client.execute(uri: "/campaigns/\(harness.campaignID)/agent/versions/1", method: .get)
            #expect(anonymous.status == .seeOther)
        }
    }

    @Test("The candidate page names the agent version of each attempt and links to it")
    func candidatePageLinksVersion() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(1))
            #expect(await harness.tick(harness.dialer()).placed == 1)
            let candidate = try #require(try await harness.candidates().first)
            let viewer = try await JobPagesTests.signedIn(app, client, role: .viewer)
            let (_, html) = try await Self.page(client, "/candidates/\(candidate.id)", cookie: viewer.cookie)
            #expect(html.contains(#"<a href="/campaigns/\#(harness.campaignID)/agent/versions/1">Agent version 1</a>"#))
        }
    }

    @Test("The version number in the path is 1 to 9 digits and nothing else")
    func versionNumbers() {
        #expect(AgentVersionPageModel.versionNumber("1") == 1)
        #expect(AgentVersionPageModel.versionNumber("123456789") == 123_456_789)
        for bad in ["", "0", "-1", "+1", "1234567890", "1e3", "٣", " 1", "abc"] {
            #expect(AgentVersionPageModel.versionNumber(bad) == nil, "\(bad)")
        }
    }
}

import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Shortlist

@Suite("Admin page: report")
struct ReportPageTests {
    @Test("The report shows the five metrics, the outcome funnel and calls per hour as SVG, and links the CSV")
    func report() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let harness = try await DialerHarness.make(
                app, client, candidates: DialerHarness.phones(4),
                calling: #"{"timezone":"America/Chicago","window_start":"09:00","window_end":"18:00","days":["wed"],"max_attempts":1,"retry_after_minutes":60}"#)
            _ = await harness.tick(harness.dialer())
            let calls = try await harness.calls()
            try await harness.converse(calls[0])
            try await harness.converse(calls[1], custom: #"{"available_to_work":true,"interested":false}"#)
            try await harness.end(calls[2], reason: "dial_no_answer")
            let viewer = try await JobPagesTests.signedIn(app, client, role: .viewer)
            let response = try await client.execute(uri: "/campaigns/\(harness.campaignID)/report", method: .get, headers: [.cookie: viewer.cookie])
            #expect(response.status == .ok)
            let html = String(buffer: response.body)
            #expect(html.contains("<span>Call completion rate</span><strong>50%</strong><small>2 conversations of 4 calls placed</small>"))
            #expect(html.contains("<span>Qualification rate</span><strong>50%</strong>"))
            #expect(html.contains("<span>Time saved</span><strong>0 h 24 min</strong>"))
            #expect(html.contains(#"<g><title>Qualified (qualified): 1</title><text x="0" y="87">Qualified</text><rect class="tone-good" x="150" y="72" width="360" height="20"></rect>"#))
            #expect(html.contains(#"<text x="0" y="15">11:00</text><rect x="140" y="0" width="360" height="20"></rect><text x="360" dx="146" y="15">4</text>"#))
            try Golden.check(
                html.replacingOccurrences(of: #"value="[0-9a-f]{64}""#, with: #"value="CSRF""#, options: .regularExpression),
                against: "page-report.html")
            let csv = try await client.execute(uri: "/campaigns/\(harness.campaignID)/results.csv", method: .get, headers: [.cookie: viewer.cookie])
            #expect(csv.status == .ok)
            let text = String(buffer: csv.body)
            #expect(text.hasPrefix("full_name,phone,status"))
            #expect(!text.contains("5125551000"))
            let anonymous = try await client.execute(uri: "/campaigns/\(harness.campaignID)/results.csv", method: .get)
            #expect(anonymous.status == .seeOther)
        }
    }
}

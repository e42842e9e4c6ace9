import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Shortlist

@Suite("Admin page: plain words on every page")
struct PlainWordsPagesTests {
    /// What a reader sees: the text between the tags, without tooltips (attributes, SVG titles).
    static func visibleText(_ html: String) -> String {
        html.replacingOccurrences(of: #"<title>[^<]*</title>"#, with: " ", options: .regularExpression)
            .replacingOccurrences(of: #"<[^>]*>"#, with: " ", options: .regularExpression)
    }

    /// Raw codes the pages below would have shown before: none may be read outside a tooltip.
    static let codes = ["dial_no_answer", "not_connected", "user_hangup", "unreachable", "analyzed", "in_progress",
                        "not_qualified", "do_not_call", "bad_number"]

    static func expectWords(_ html: String, _ words: [String], page: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let text = visibleText(html)
        for word in words { #expect(text.contains(word), "\(page) lacks \"\(word)\"", sourceLocation: sourceLocation) }
        for code in codes { #expect(!text.contains(code), "\(page) shows the code \(code)", sourceLocation: sourceLocation) }
    }

    @Test("A call that ended dial_no_answer reads \"No answer\" on the candidate page, its code only in a title attribute")
    func candidateNoAnswer() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(1), calling:
                #"{"timezone":"America/Chicago","window_start":"09:00","window_end":"18:00","days":["mon","tue","wed","thu","fri"],"max_attempts":1,"retry_after_minutes":60}"#)
            _ = await harness.tick(harness.dialer())
            let call = try #require(try await harness.calls().first)
            try await harness.end(call, reason: "dial_no_answer")
            let candidate = try #require(try await harness.candidates().first)
            let admin = try await JobPagesTests.signedIn(app, client, role: .admin)
            let html = String(buffer: try await client.execute(uri: "/candidates/\(candidate.id)", method: .get, headers: [.cookie: admin.cookie]).body)
            #expect(html.contains(#"<span class="tag tone-warn" title="dial_no_answer">No answer</span>"#))
            #expect(html.contains(#"<span class="tag tone-warn" title="not_connected">Did not connect</span>"#))
            #expect(html.contains(#"<span class="tag tone-warn" title="unreachable">Could not be reached</span>"#))
            #expect(html.contains(#"<span class="tag tone-quiet" title="completed">Finished</span>"#))
            Self.expectWords(html, ["No answer", "Did not connect", "Could not be reached"], page: "candidate")
        }
    }

    @Test("The dashboard, campaign, candidate, live, report, do-not-call and audit pages show statuses, outcomes and reasons in words")
    func everyPage() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let harness = try await DialerHarness.make(app, client, candidates: DialerHarness.phones(3), calling:
                #"{"timezone":"America/Chicago","window_start":"09:00","window_end":"18:00","days":["mon","tue","wed","thu","fri"],"max_attempts":1,"retry_after_minutes":60}"#)
            _ = await harness.tick(harness.dialer())
            let calls = try await harness.calls()
            try await harness.end(calls[0], reason: "dial_no_answer")
            try await harness.converse(calls[1])
            try await harness.converse(calls[2], custom: #"{"available_to_work":true,"interested":true,"has_license":false}"#)
            _ = try await app.database.addDNC(phone: "+15125559999", reason: "asked on the phone", source: .call, by: .system)
            let admin = try await JobPagesTests.signedIn(app, client, role: .admin)
            func page(_ uri: String) async throws -> String {
                String(buffer: try await client.execute(uri: uri, method: .get, headers: [.cookie: admin.cookie]).body)
            }
            let candidates = try await harness.candidates()

            let dashboard = try await page("/")
            #expect(dashboard.contains(#"<span class="tag tone-good" title="completed">Finished</span>"#))
            Self.expectWords(dashboard, ["Finished"], page: "dashboard")

            let campaign = try await page("/campaigns/\(harness.campaignID)")
            #expect(campaign.contains(#"<span class="tag tone-good" title="qualified">Qualified</span>"#))
            #expect(campaign.contains(#"<span class="tag tone-bad" title="not_qualified">Did not qualify</span>"#))
            Self.expectWords(campaign, ["Qualified", "Did not qualify", "Could not be reached", "Waiting for a call (0)", "Finished (3)"], page: "campaign")

            let answered = try await page("/candidates/\(candidates[1].id)")
            #expect(answered.contains(#"<span class="tag tone-good" title="analyzed">Done</span>"#))
            #expect(answered.contains(#"<span class="tag tone-quiet" title="user_hangup">Candidate hung up</span>"#))
            #expect(answered.contains(#"<rect class="fill tone-"#))
            Self.expectWords(answered, ["Done", "Candidate hung up", "Qualified"], page: "answered candidate")

            let live = try await page("/live")
            #expect(live.contains(#"<span class="tag tone-warn" title="not_connected">Did not connect</span>"#))
            Self.expectWords(live, ["Did not connect", "No answer", "Done", "Candidate hung up"], page: "live")

            let report = try await page("/campaigns/\(harness.campaignID)/report")
            #expect(report.contains(#"<rect class="tone-good""#))
            Self.expectWords(report, ["Qualified", "Did not qualify", "Could not be reached", "Not in a running batch"], page: "report")

            let dnc = try await page("/dnc")
            #expect(dnc.contains(#"<span class="tag tone-bad" title="call">Asked on a call</span>"#))
            Self.expectWords(dnc, ["Asked on a call"], page: "do-not-call")

            let audit = try await page("/audit?action=call.ended")
            #expect(audit.contains(#"reason=<span class="tag tone-warn" title="dial_no_answer">No answer</span>"#))
            Self.expectWords(audit, ["No answer", "Did not connect", "Candidate hung up"], page: "audit")
        }
    }
}

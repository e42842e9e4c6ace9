import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Shortlist

@Suite("Consent: campaign form, campaign page, candidate page and results.csv")
struct ConsentPagesTests {
    @Test("The campaign form's consent box saves the setting, shows it checked when editing, and unchecked turns it off")
    func form() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let jobID = try await CampaignFormPagesTests.job(app)
            let session = try await JobPagesTests.signedIn(app, client)
            let blank = String(buffer: try await client.execute(uri: "/campaigns/new?job=\(jobID)", method: .get, headers: [.cookie: session.cookie]).body)
            #expect(blank.contains(#"<input type="checkbox" name="require_consent" value="on"> Call only candidates with a consent basis"#))

            var fields = CampaignFormPagesTests.form(csrf: session.csrf, job: jobID)
            fields.append(("require_consent", "on"))
            let created = try await SignInPagesTests.post(client, "/campaigns", form: fields, cookie: session.cookie)
            #expect(created.status == .seeOther)
            let campaign = try #require(try await app.database.campaigns(after: nil, limit: 10).items.first)
            #expect(campaign.campaign.requireConsent)
            let id = campaign.campaign.id
            let edit = String(buffer: try await client.execute(uri: "/campaigns/\(id)/edit", method: .get, headers: [.cookie: session.cookie]).body)
            #expect(edit.contains(#"<input type="checkbox" name="require_consent" value="on" checked> Call only candidates with a consent basis"#))
            let page = String(buffer: try await client.execute(uri: "/campaigns/\(id)", method: .get, headers: [.cookie: session.cookie]).body)
            #expect(page.contains("; only candidates with a consent basis"))

            let saved = try await SignInPagesTests.post(
                client, "/campaigns/\(id)", form: CampaignFormPagesTests.form(csrf: session.csrf, job: jobID), cookie: session.cookie)
            #expect(saved.status == .seeOther)
            #expect(try await app.database.campaign(id: id)?.campaign.requireConsent == false)
        }
    }

    @Test("The campaign page's dry run says in words how many are skipped for lack of a consent basis")
    func dryRunWords() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let rows: [(String, String?)] = [("+15125551000", "web form"), ("+15125551001", nil), ("+15125551002", nil)]
            let id = try await ConsentSetup.make(app, client, rows: rows, requireConsent: true)
            let admin = try await JobPagesTests.signedIn(app, client, role: .admin)
            let html = String(buffer: try await client.execute(uri: "/campaigns/\(id)", method: .get, headers: [.cookie: admin.cookie]).body)
            #expect(html.contains("1 can be called now, 0 later today or on the next calling day; skipped: 2 without a consent basis;"), "\(html)")
        }
    }

    @Test("The candidate page says the consent basis and source in plain words, and why someone is not called")
    func candidatePage() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let id = try await ConsentSetup.make(app, client, rows: [("+15125551000", "web form 2026-11-01")], requireConsent: true)
            let csv = "full_name,phone,source\r\nBo,+15125551001,job fair\r\n"
            _ = try await client.send(.post, "/api/v1/campaigns/\(id)/candidates", token: app.recruiterToken, body: csv, contentType: "text/csv")
            let people = try await app.database.campaignCandidates(campaignID: id, status: nil, after: nil, limit: 10).items
            let viewer = try await JobPagesTests.signedIn(app, client, role: .viewer)
            let with = String(buffer: try await client.execute(uri: "/candidates/\(people[0].id)", method: .get, headers: [.cookie: viewer.cookie]).body)
            #expect(with.contains(#"<p class="consent">Consent basis: web form 2026-11-01 · Source: json import by token:recruiter</p>"#))
            let without = String(buffer: try await client.execute(uri: "/candidates/\(people[1].id)", method: .get, headers: [.cookie: viewer.cookie]).body)
            #expect(without.contains(
                #"<p class="consent">No consent basis recorded: this campaign calls only candidates with one, so they are not called. · Source: job fair</p>"#))

            _ = try await ConsentSetup.patch(app, client, campaignID: id, json: #"{"require_consent":false}"#)
            let relaxed = String(buffer: try await client.execute(uri: "/candidates/\(people[1].id)", method: .get, headers: [.cookie: viewer.cookie]).body)
            #expect(relaxed.contains(#"<p class="consent">No consent basis recorded. · Source: job fair</p>"#))
        }
    }

    @Test("results.csv ends with the consent and source columns, so readers counting the earlier columns keep working")
    func csv() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let id = try await ConsentSetup.make(app, client, rows: [("+15125551000", "web form, 2026-11-01"), ("+15125551001", nil)], requireConsent: nil)
            let response = try await client.send(.get, "/api/v1/campaigns/\(id)/results.csv", token: app.viewerToken)
            let lines = response.text.components(separatedBy: "\r\n")
            let header = lines[0].components(separatedBy: ",")
            #expect(Array(header.suffix(2)) == ["consent", "source"])
            #expect(header.count == 21)
            #expect(Array(header.prefix(6)) == ["full_name", "phone", "status", "outcome", "qualified", "attempts"])
            #expect(lines[1].hasSuffix(#",Not in a running batch,,,"web form, 2026-11-01",json import by token:recruiter"#), "\(lines[1])")
            #expect(lines[2].hasSuffix(",Not in a running batch,,,,json import by token:recruiter"), "\(lines[2])")
        }
    }
}

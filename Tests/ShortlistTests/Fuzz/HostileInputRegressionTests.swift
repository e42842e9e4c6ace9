import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Retell
import Testing
@testable import Shortlist

/// One test for each crash or 5xx the fuzz suite (or the issue) found, named for the behaviour.
@Suite("Hostile input: regressions found by fuzzing")
struct HostileInputRegressionTests {
    /// An analyzed delivery whose call fields are replaced by `replacing` (`"duration_ms":95000` → …).
    static func analyzed(custom: String, replacing: [(String, String)] = []) -> String {
        var body = Hook.body("call_analyzed", status: "ended", reason: "user_hangup", custom: custom)
        for (old, new) in replacing { body = body.replacingOccurrences(of: old, with: new) }
        return body
    }

    @Test("An analysis value of 1e19 in key points and in a choice target is stored and shown as text, not a crash")
    func hugeAnalysisValues() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            let body = Self.analyzed(custom: #"{"key_points":[1e19,"Has a licence"],"shift":1e19,"expected_salary":-1e308,"has_license":9223372036854775808}"#)
            #expect(try await Hook.post(client, body, app: app).status == .noContent)
            let analysis = try #require(try await seed.analysis(app))
            #expect(analysis.keyPoints == #"["1e+19","Has a licence"]"#)
            #expect(analysis.customResponses.contains(#""shift":1e+19"#))
            let page = try await client.send(.get, "/api/v1/calls/\(seed.callID)", token: app.adminToken)
            #expect(page.status == .ok)
            #expect(try await client.send(.get, "/healthz").status == .ok)
        }
    }

    @Test("A combined cost of 1e19 is dropped and the rest of the delivery is applied")
    func hugeCost() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            let body = Self.analyzed(custom: WebhookApplyTests.qualifyingAnswers, replacing: [(#""combined_cost":31.6"#, #""combined_cost":1e19"#)])
            #expect(try await Hook.post(client, body, app: app).status == .noContent)
            let call = try await seed.call(app)
            #expect(call.costCents == nil)
            #expect(call.durationSeconds == 95)
            #expect(call.status == .analyzed)
            #expect(try await seed.candidate(app).outcome == .qualified)
        }
    }

    @Test("Negative or enormous durations and timestamps are dropped, not stored, and the delivery is still accepted")
    func oddDurationsAndTimes() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let seed = try await CallSeed.make(app, client: client)
            for (duration, start) in [("-95000", "-9000000000000000"), ("1e19", "9000000000000000000"), ("-1e308", "1e300")] {
                let body = Self.analyzed(custom: "{}", replacing: [
                    (#""duration_ms":95000"#, #""duration_ms":\#(duration)"#),
                    (#""start_timestamp":1795000000000"#, #""start_timestamp":\#(start)"#),
                ])
                #expect(try await Hook.post(client, body, app: app).status == .noContent)
            }
            let call = try await seed.call(app)
            #expect(call.durationSeconds == nil)
            #expect(call.startedAt == nil)
            #expect(call.endedAt == Date(timeIntervalSince1970: 1_795_000_095))
            #expect(try await client.send(.get, "/api/v1/calls/\(seed.callID)", token: app.adminToken).status == .ok)
        }
    }

    @Test("Times far outside four-digit years print as the nearest printable time instead of trapping")
    func extremeTimestamps() {
        #expect(Timestamp.iso8601(Date(timeIntervalSince1970: -9e15)) == "0001-01-01T00:00:00Z")
        #expect(Timestamp.iso8601(Date(timeIntervalSince1970: 9e15)) == "9999-12-31T23:59:59Z")
        #expect(Timestamp.iso8601(Date(timeIntervalSince1970: .infinity)) == "9999-12-31T23:59:59Z")
        #expect(Timestamp.iso8601(Date(timeIntervalSince1970: .nan)) == "1970-01-01T00:00:00Z")
        #expect(Timestamp.iso8601(Date(timeIntervalSince1970: 1_795_000_000)) == "2026-11-18T11:06:40Z")
    }

    @Test("Form buttons with huge, negative or non-numeric row numbers change nothing", arguments: [
        "down_question.9223372036854775807", "up_question.-9223372036854775808", "remove_question.9223372036854775807",
        "down_target.9223372036854775807", "up_target.9223372036854775807", "remove_target.-1", "down_question.-1",
        "down_target.99999999999999999999", "up_question.x",
    ])
    func hugeRowNumbers(op: String) {
        var form = CampaignForm()
        form.questions = ["a", "b"]
        form.targets = [CampaignForm.TargetRow(key: "x"), CampaignForm.TargetRow(key: "y")]
        let before = form
        if let edit = CampaignForm.Edit(op) { form.apply(edit) }
        #expect(form == before)
    }

    @Test("Posting _op=down_question.<Int.max> to the campaign form re-renders the form")
    func hugeRowNumberPosted() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let jobID = try await CampaignFormPagesTests.job(app)
            let session = try await JobPagesTests.signedIn(app, client)
            for op in ["down_question.9223372036854775807", "down_target.9223372036854775807"] {
                let response = try await SignInPagesTests.post(
                    client, "/campaigns", form: CampaignFormPagesTests.form(csrf: session.csrf, job: jobID, op: op), cookie: session.cookie)
                #expect(response.status == .ok)
            }
            #expect(try await client.send(.get, "/healthz").status == .ok)
        }
    }

    @Test("A job title holding a NUL character is a 422 naming the field, and nothing is stored")
    func nulInText() async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let session = try await JobPagesTests.signedIn(app, client)
            let response = try await SignInPagesTests.post(
                client, "/jobs", form: JobPagesTests.jobForm(csrf: session.csrf, title: "\u{0}Driver"), cookie: session.cookie)
            #expect(response.status == .unprocessableContent)
            #expect(String(buffer: response.body).contains("must not contain a NUL (zero) character"))
            let api = try await client.send(.post, "/api/v1/jobs", token: app.adminToken, json: #"{"company":"Acme","title":"\u0000"}"#)
            #expect(api.status == .unprocessableContent)
            #expect(api.errorField == "title")
            #expect(try await app.database.jobs(after: nil, limit: 10).items.isEmpty)
        }
    }

    @Test("A whole-number field of the API beyond Int, or with a fraction, is a 422 naming the field, not \"body is not valid JSON\"", arguments: [
        "1e19", "9223372036854775808", "-9223372036854775809", "2.5", "1e308",
    ])
    func hugeWholeNumbers(number: String) async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let job = try await client.send(.post, "/api/v1/jobs", token: app.adminToken, json: #"{"company":"Acme","title":"Driver"}"#)
            let jobID = try #require(job.object["id"] as? String)
            for field in ["max_attempts", "retry_after_minutes", "concurrency"] {
                let response = try await client.send(.post, "/api/v1/campaigns", token: app.adminToken, json: """
                    {"name":"Spring","job_id":"\(jobID)","calling":{"\(field)":\(number)}}
                    """)
                #expect(response.status == .unprocessableContent)
                #expect(response.errorField == "calling.\(field)")
            }
            let fine = try await client.send(.post, "/api/v1/campaigns", token: app.adminToken, json: """
                {"name":"Spring","job_id":"\(jobID)","calling":{"max_attempts":3.0}}
                """)
            #expect(fine.status == .created)
        }
    }
}

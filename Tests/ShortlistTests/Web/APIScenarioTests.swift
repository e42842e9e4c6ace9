import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Shortlist

/// A table of requests and what each must answer: auth, roles, validation with the field at fault,
/// unknown ids, wrong media types and sizes. Ids in paths and bodies: `{job}`, `{campaign}`.
struct Scenario: CustomTestStringConvertible, Sendable {
    enum Who: Sendable { case nobody, badToken, viewer, recruiter, admin }

    var name: String
    var method: HTTPRequest.Method
    var path: String
    var who: Who = .recruiter
    var json: String? = nil
    var body: String? = nil
    var contentType: String? = nil
    var status: HTTPResponse.Status
    var field: String? = nil

    var testDescription: String { name }
}

let campaignBody = #"{"name":"Spring","job_id":"{job}","questions":["When can you start?"],"targets":[{"key":"has_license","name":"Has a licence","goal_type":"boolean"}]}"#

let scenarios: [Scenario] = [
    // Authentication and roles
    .init(name: "no token is 401", method: .get, path: "/api/v1/jobs", who: .nobody, status: .unauthorized),
    .init(name: "an unknown token is 401", method: .get, path: "/api/v1/jobs", who: .badToken, status: .unauthorized),
    .init(name: "a viewer may read", method: .get, path: "/api/v1/jobs/{job}", who: .viewer, status: .ok),
    .init(name: "a viewer may not create a job", method: .post, path: "/api/v1/jobs", who: .viewer,
          json: #"{"company":"A","title":"B"}"#, status: .forbidden),
    .init(name: "a viewer may not import", method: .post, path: "/api/v1/campaigns/{campaign}/candidates", who: .viewer,
          json: "[]", status: .forbidden),
    .init(name: "a viewer may not change the DNC list", method: .post, path: "/api/v1/dnc", who: .viewer,
          json: #"{"phone":"+14155550123"}"#, status: .forbidden),
    .init(name: "an admin may create a job", method: .post, path: "/api/v1/jobs", who: .admin,
          json: #"{"company":"A","title":"B"}"#, status: .created),
    .init(name: "the OpenAPI document needs no token", method: .get, path: "/api/v1/openapi.json", who: .nobody, status: .ok),
    .init(name: "health needs no token", method: .get, path: "/healthz", who: .nobody, status: .ok),
    // Unknown ids and routes
    .init(name: "an unknown job is 404", method: .get, path: "/api/v1/jobs/00000000-0000-0000-0000-999999999999", status: .notFound),
    .init(name: "an unknown campaign is 404", method: .get, path: "/api/v1/campaigns/nope", status: .notFound),
    .init(name: "patching an unknown campaign is 404", method: .patch, path: "/api/v1/campaigns/nope", json: "{}", status: .notFound),
    .init(name: "importing into an unknown campaign is 404", method: .post, path: "/api/v1/campaigns/nope/candidates",
          json: #"[{"full_name":"A","phone":"+14155550123"}]"#, status: .notFound),
    .init(name: "listing an unknown campaign's candidates is 404", method: .get, path: "/api/v1/campaigns/nope/candidates", status: .notFound),
    .init(name: "removing a number not on the DNC list is 404", method: .delete, path: "/api/v1/dnc/%2B14155550199", status: .notFound),
    .init(name: "an unknown API route is 404", method: .get, path: "/api/v1/nothing-here", status: .notFound),
    // Bodies
    .init(name: "a job body that is not JSON is 400", method: .post, path: "/api/v1/jobs", body: "{nope", contentType: "application/json", status: .badRequest),
    .init(name: "a job body as text/plain is 415", method: .post, path: "/api/v1/jobs", body: "x", contentType: "text/plain", status: .unsupportedMediaType),
    .init(name: "a job body over max_body_bytes is 413", method: .post, path: "/api/v1/jobs",
          json: #"{"company":"A","title":"B","description":""# + String(repeating: "x", count: 1_100_000) + #""}"#, status: .contentTooLarge),
    .init(name: "an import as text/plain is 415", method: .post, path: "/api/v1/campaigns/{campaign}/candidates", body: "x", contentType: "text/plain", status: .unsupportedMediaType),
    .init(name: "a bad cursor is 400", method: .get, path: "/api/v1/jobs?cursor=nope", status: .badRequest, field: "cursor"),
    .init(name: "a bad limit is 400", method: .get, path: "/api/v1/jobs?limit=0", status: .badRequest, field: "limit"),
    .init(name: "an unknown candidate status filter is 400", method: .get, path: "/api/v1/campaigns/{campaign}/candidates?status=nope", status: .badRequest, field: "status"),
    // Validation: 422 with the field at fault
    .init(name: "a job without a title", method: .post, path: "/api/v1/jobs", json: #"{"company":"A"}"#, status: .unprocessableContent, field: "title"),
    .init(name: "a job with a blank company", method: .post, path: "/api/v1/jobs", json: #"{"company":"  ","title":"B"}"#, status: .unprocessableContent, field: "company"),
    .init(name: "a job with a misspelt field", method: .post, path: "/api/v1/jobs", json: #"{"company":"A","title":"B","salary":"1"}"#, status: .unprocessableContent, field: "salary"),
    .init(name: "a job whose title is a number", method: .post, path: "/api/v1/jobs", json: #"{"company":"A","title":5}"#, status: .unprocessableContent, field: "title"),
    .init(name: "a job body that is an array", method: .post, path: "/api/v1/jobs", json: "[]", status: .unprocessableContent, field: "body"),
    .init(name: "a campaign without a name", method: .post, path: "/api/v1/campaigns", json: #"{"job_id":"{job}"}"#, status: .unprocessableContent, field: "name"),
    .init(name: "a campaign for an unknown job", method: .post, path: "/api/v1/campaigns", json: #"{"name":"X","job_id":"nope"}"#, status: .unprocessableContent, field: "job_id"),
    .init(name: "a target key that is not snake_case", method: .post, path: "/api/v1/campaigns",
          json: #"{"name":"X","job_id":"{job}","targets":[{"key":"HasLicense","name":"L","goal_type":"boolean"}]}"#, status: .unprocessableContent, field: "targets[0].key"),
    .init(name: "a target key that is a standard analysis name", method: .post, path: "/api/v1/campaigns",
          json: #"{"name":"X","job_id":"{job}","targets":[{"key":"interested","name":"I","goal_type":"boolean"}]}"#, status: .unprocessableContent, field: "targets[0].key"),
    .init(name: "two targets with one key", method: .post, path: "/api/v1/campaigns",
          json: #"{"name":"X","job_id":"{job}","targets":[{"key":"a","name":"A","goal_type":"text"},{"key":"a","name":"B","goal_type":"text"}]}"#, status: .unprocessableContent, field: "targets[1].key"),
    .init(name: "an unknown goal type", method: .post, path: "/api/v1/campaigns",
          json: #"{"name":"X","job_id":"{job}","targets":[{"key":"a","name":"A","goal_type":"date"}]}"#, status: .unprocessableContent, field: "targets[0].goal_type"),
    .init(name: "a choice target without choices", method: .post, path: "/api/v1/campaigns",
          json: #"{"name":"X","job_id":"{job}","targets":[{"key":"shift","name":"Shift","goal_type":"choice"}]}"#, status: .unprocessableContent, field: "targets[0].choices"),
    .init(name: "a knock-out outside the choices", method: .post, path: "/api/v1/campaigns",
          json: #"{"name":"X","job_id":"{job}","targets":[{"key":"shift","name":"Shift","goal_type":"choice","choices":["day"],"knockout":{"in":["night"]}}]}"#, status: .unprocessableContent, field: "targets[0].knockout.in"),
    .init(name: "a misspelt knock-out rule", method: .post, path: "/api/v1/campaigns",
          json: #"{"name":"X","job_id":"{job}","targets":[{"key":"a","name":"A","goal_type":"boolean","knockout":{"equal":true}}]}"#, status: .unprocessableContent, field: "targets[0].knockout.equal"),
    .init(name: "a window given as 9am", method: .post, path: "/api/v1/campaigns",
          json: #"{"name":"X","job_id":"{job}","calling":{"window_start":"9am"}}"#, status: .unprocessableContent, field: "calling.window_start"),
    .init(name: "a window that ends before it starts", method: .patch, path: "/api/v1/campaigns/{campaign}",
          json: #"{"calling":{"window_start":"18:00","window_end":"09:00"}}"#, status: .unprocessableContent, field: "calling.window_start"),
    .init(name: "a time zone that does not exist", method: .patch, path: "/api/v1/campaigns/{campaign}",
          json: #"{"calling":{"timezone":"Mars/Olympus"}}"#, status: .unprocessableContent, field: "calling.timezone"),
    .init(name: "max_attempts of 11", method: .patch, path: "/api/v1/campaigns/{campaign}",
          json: #"{"calling":{"max_attempts":11}}"#, status: .unprocessableContent, field: "calling.max_attempts"),
    .init(name: "max_attempts of 0", method: .patch, path: "/api/v1/campaigns/{campaign}",
          json: #"{"calling":{"max_attempts":0}}"#, status: .unprocessableContent, field: "calling.max_attempts"),
    .init(name: "an unknown weekday", method: .patch, path: "/api/v1/campaigns/{campaign}",
          json: #"{"calling":{"days":["mon","funday"]}}"#, status: .unprocessableContent, field: "calling.days"),
    .init(name: "a bad caller number", method: .patch, path: "/api/v1/campaigns/{campaign}",
          json: #"{"from_number":"12"}"#, status: .unprocessableContent, field: "from_number"),
    .init(name: "a question that is blank", method: .patch, path: "/api/v1/campaigns/{campaign}",
          json: #"{"questions":["ok"," "]}"#, status: .unprocessableContent, field: "questions[1]"),
    .init(name: "a CSV without a phone column", method: .post, path: "/api/v1/campaigns/{campaign}/candidates",
          body: "full_name,email\nA,a@example.com\n", contentType: "text/csv", status: .unprocessableContent, field: "header"),
    .init(name: "a CSV with an unterminated quote", method: .post, path: "/api/v1/campaigns/{campaign}/candidates",
          body: "full_name,phone\n\"A,+14155550123\n", contentType: "text/csv", status: .unprocessableContent, field: "body"),
    .init(name: "an empty CSV", method: .post, path: "/api/v1/campaigns/{campaign}/candidates",
          body: "", contentType: "text/csv", status: .unprocessableContent, field: "header"),
    .init(name: "a JSON import that is not an array", method: .post, path: "/api/v1/campaigns/{campaign}/candidates",
          json: #"{"full_name":"A"}"#, status: .unprocessableContent, field: "body"),
    .init(name: "a DNC entry without a phone", method: .post, path: "/api/v1/dnc", json: #"{"reason":"x"}"#, status: .unprocessableContent, field: "phone"),
    .init(name: "a DNC entry with letters for a phone", method: .post, path: "/api/v1/dnc", json: #"{"phone":"call me"}"#, status: .unprocessableContent, field: "phone"),
]

@Suite("API scenarios")
struct APIScenarioTests {
    @Test("Each request gets the expected status, and errors name the field", arguments: scenarios)
    func scenario(_ scenario: Scenario) async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let ids = try await Seed.jobAndCampaign(client, token: app.recruiterToken)
            func fill(_ text: String) -> String {
                text.replacingOccurrences(of: "{job}", with: ids.job).replacingOccurrences(of: "{campaign}", with: ids.campaign)
            }
            let token: String? = switch scenario.who {
            case .nobody: nil
            case .badToken: "slt_not_a_real_token"
            case .viewer: app.viewerToken
            case .recruiter: app.recruiterToken
            case .admin: app.adminToken
            }
            let response = try await client.send(
                scenario.method, fill(scenario.path), token: token, json: scenario.json.map(fill),
                body: scenario.body, contentType: scenario.contentType)
            #expect(response.status == scenario.status, "\(response.text.prefix(300))")
            if scenario.status.code >= 400 {
                #expect(response.errorCode != nil, "error body: \(response.text.prefix(300))")
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            }
            if let field = scenario.field {
                #expect(response.errorField == field, "\(response.text.prefix(300))")
            }
            if scenario.status == .unauthorized {
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            }
        }
    }

    @Test("A rejected write leaves no row and no audit entry behind")
    func rejectedWritesChangeNothing() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let before = try await app.database.auditLog(limit: 1_000).count
            let response = try await client.send(
                .post, "/api/v1/jobs", token: app.viewerToken, json: #"{"company":"A","title":"B"}"#)
            #expect(response.status == .forbidden)
            let invalid = try await client.send(.post, "/api/v1/jobs", token: app.recruiterToken, json: #"{"company":"A"}"#)
            #expect(invalid.status == .unprocessableContent)
            #expect(try await app.database.jobs(after: nil, limit: 10).items.isEmpty)
            #expect(try await app.database.auditLog(limit: 1_000).count == before)
        }
    }
}

enum Seed {
    /// Creates a job and a draft campaign through the API; returns their ids.
    static func jobAndCampaign(_ client: any TestClientProtocol, token: String) async throws -> (job: String, campaign: String) {
        let job = try await client.send(.post, "/api/v1/jobs", token: token, json: #"{"company":"Acme","title":"Driver"}"#)
        let jobID = try #require(job.object["id"] as? String)
        let campaign = try await client.send(
            .post, "/api/v1/campaigns", token: token, json: campaignBody.replacingOccurrences(of: "{job}", with: jobID))
        let campaignID = try #require(campaign.object["id"] as? String, "\(campaign.text)")
        return (jobID, campaignID)
    }
}

import Foundation
import HummingbirdTesting
import Testing
@testable import Shortlist

/// A campaign with an agent and candidates imported through the API with or without a consent
/// note, for the consent tests. The clock is a Wednesday at 11:00 in Chicago (inside the window).
enum ConsentSetup {
    static let calling = #"{"timezone":"America/Chicago","window_start":"09:00","window_end":"18:00","days":["mon","tue","wed","thu","fri"],"max_attempts":3,"retry_after_minutes":60}"#

    /// - Parameter rows: `(phone, consent note)` per candidate, imported in this order as "Person <n>".
    static func make(
        _ app: TestApp, _ client: any TestClientProtocol, rows: [(String, String?)], requireConsent: Bool?
    ) async throws -> String {
        app.clock.set(DialerHarness.wednesdayMorning)
        let job = try await client.send(.post, "/api/v1/jobs", token: app.recruiterToken, json: #"{"company":"Acme","title":"Driver"}"#)
        let jobID = try #require(job.object["id"] as? String)
        let setting = requireConsent.map { #","require_consent":\#($0)"# } ?? ""
        let campaign = try await client.send(.post, "/api/v1/campaigns", token: app.recruiterToken, json: """
            {"name":"Spring","job_id":"\(jobID)","calling":\(calling)\(setting),
             "targets":[{"key":"has_license","name":"Licence","goal_type":"boolean"}]}
            """)
        #expect(campaign.status == .created, "\(campaign.text)")
        let campaignID = try #require(campaign.object["id"] as? String)
        let agent = try await client.send(.post, "/api/v1/campaigns/\(campaignID)/agent", token: app.recruiterToken)
        #expect(agent.status == .ok, "\(agent.text)")
        try await importRows(app, client, campaignID: campaignID, rows: rows)
        return campaignID
    }

    static func importRows(_ app: TestApp, _ client: any TestClientProtocol, campaignID: String, rows: [(String, String?)]) async throws {
        let json = rows.enumerated().map { index, row in
            let consent = row.1.map { #","consent":"\#($0)""# } ?? ""
            return #"{"full_name":"Person \#(index)","phone":"\#(row.0)"\#(consent)}"#
        }
        let imported = try await client.send(
            .post, "/api/v1/campaigns/\(campaignID)/candidates", token: app.recruiterToken, json: "[\(json.joined(separator: ","))]")
        #expect(imported.status == .ok, "\(imported.text)")
    }

    static func patch(_ app: TestApp, _ client: any TestClientProtocol, campaignID: String, json: String) async throws -> TestResponse {
        try await client.send(.patch, "/api/v1/campaigns/\(campaignID)", token: app.recruiterToken, json: json)
    }
}

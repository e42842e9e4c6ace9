import Foundation
import Testing
@testable import Shortlist

/// Zone names of the tz database are accepted everywhere a zone is written, including the
/// current names that ICU's canonical list lacks (Asia/Kolkata).
@Suite("Time zone names")
struct TimeZoneNameTests {
    static let current = ["Asia/Kolkata", "Europe/Kyiv", "America/Nuuk", "America/Ciudad_Juarez", "Pacific/Kanton",
                          "Asia/Calcutta", "US/Eastern", "Etc/UTC", "UTC", "America/Argentina/Buenos_Aires"]

    @Test("Current tz database names are valid", arguments: current)
    func valid(_ name: String) {
        #expect(TimeZoneName.isValid(name))
        #expect(TimeZone(identifier: name) != nil)
    }

    @Test("Names that are no zone are refused", arguments: ["Foo/Bar", "", "PST", "GMT+5", "asia/kolkata", String(repeating: "A/", count: 5_000)])
    func invalid(_ name: String) {
        #expect(!TimeZoneName.isValid(name))
    }

    @Test("A candidate imported with Asia/Kolkata keeps the zone")
    func importKeepsZone() {
        var fields = CandidateFields()
        fields.set("Priya Raman", column: "full_name")
        fields.set("+15125550199", column: "phone")
        fields.set("Asia/Kolkata", column: "timezone")
        let plan = CandidateImport.plan([(row: 1, fields: fields)], defaultCountry: "US")
        #expect(plan.rejected.isEmpty)
        #expect(plan.drafts.first?.timezone == "Asia/Kolkata")
    }

    @Test("A campaign and the config accept Europe/Kyiv")
    func campaignAndConfig() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let job = try await client.send(.post, "/api/v1/jobs", token: app.recruiterToken, json: #"{"company":"Acme","title":"Driver"}"#)
            let jobID = try #require(job.object["id"] as? String)
            let campaign = try await client.send(.post, "/api/v1/campaigns", token: app.recruiterToken, json: """
                {"name":"Kyiv","job_id":"\(jobID)","calling":{"timezone":"Europe/Kyiv"}}
                """)
            #expect(campaign.status == .created, "\(campaign.text)")
        }
        var config = Config()
        config.calling.timezone = "America/Nuuk"
        config.server.staticDir = TestApp.repositoryRoot.appendingPathComponent("static").path
        let problems = ConfigValidator(config: config, origins: [:]).validate().errors
        #expect(!problems.contains { $0.key == "calling.timezone" })
    }
}

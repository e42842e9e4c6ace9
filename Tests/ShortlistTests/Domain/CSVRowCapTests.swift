import Foundation
import Testing
@testable import Shortlist

/// The CSV row cap holds while parsing: a file of millions of near-empty rows is refused without
/// ever holding them all.
@Suite("CSV row cap")
struct CSVRowCapTests {
    @Test("Parsing stops at the first record past the cap, naming its line")
    func stopsAtCap() throws {
        let text = String(repeating: ",\n", count: 10)
        #expect(throws: CSVError.tooManyRecords(limit: 4, line: 5)) { try CSVParser.parse(text.utf8, maxRecords: 4) }
        #expect(try CSVParser.parse(text.utf8, maxRecords: 10).count == 10)
    }

    @Test("A 10 MiB upload of empty rows is 413 with a plain message")
    func importRefused() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let job = try await client.send(.post, "/api/v1/jobs", token: app.recruiterToken, json: #"{"company":"Acme","title":"Driver"}"#)
            let jobID = try #require(job.object["id"] as? String)
            let campaign = try await client.send(.post, "/api/v1/campaigns", token: app.recruiterToken, json: #"{"name":"S","job_id":"\#(jobID)"}"#)
            let campaignID = try #require(campaign.object["id"] as? String)
            let body = "full_name,phone\n" + String(repeating: ",\n", count: 5_000_000)
            let response = try await client.send(
                .post, "/api/v1/campaigns/\(campaignID)/candidates", token: app.recruiterToken, body: body, contentType: "text/csv")
            #expect(response.status == .contentTooLarge)
            #expect(response.text.contains("more than 100000 rows"))
        }
    }
}

import Foundation
import Retell

/// What every call of a campaign candidate carries to Retell, outbound (create-phone-call) or
/// inbound (the answer to `call_inbound`): the candidate's `{{dynamic variables}}` (all strings)
/// and the metadata that Retell echoes in the call's webhooks, naming our call row.
enum CallPayload {
    static func dynamicVariables(fullName: String, job: JobRecord) -> [String: String] {
        let first = fullName.split(separator: " ").first.map(String.init) ?? fullName
        return [
            "candidate_name": fullName, "first_name": first, "job_title": job.title,
            "company": job.company, "location": job.location,
        ]
    }

    /// `candidateID` is the person's id (`candidates.id`).
    static func metadata(call: RetellCallRecord, candidateID: String) -> [String: RetellJSON] {
        [
            "shortlist_call_id": .string(call.id), "campaign_id": .string(call.campaignID),
            "candidate_id": .string(candidateID), "attempt": .number(Double(call.attempt)),
        ]
    }
}

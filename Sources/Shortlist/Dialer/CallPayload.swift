import Foundation
import Retell

/// What every call of a campaign candidate carries to Retell, outbound (create-phone-call) or
/// inbound (the answer to `call_inbound`): the candidate's `{{dynamic variables}}` (all strings)
/// and the metadata that Retell echoes in the call's webhooks, naming our call row.
enum CallPayload {
    /// `today` is the candidate's date at `date` in `zone` (theirs, else the campaign's).
    static func dynamicVariables(fullName: String, job: JobRecord, on date: Date, zone: TimeZone?) -> [String: String] {
        let first = fullName.split(separator: " ").first.map(String.init) ?? fullName
        return [
            "candidate_name": fullName, "first_name": first, "job_title": job.title,
            "company": job.company, "location": job.location, "today": today(date, zone: zone),
        ]
    }

    /// The candidate's date at `date`, written out ("Monday 7 December 2026") so the agent can
    /// name the date of a callback; in UTC when no zone is known.
    static func today(_ date: Date, zone: TimeZone?) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        let parts = calendar.dateComponents([.weekday, .day, .month, .year], from: date)
        let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                      "October", "November", "December"]
        guard let weekday = parts.weekday, weekdays.indices.contains(weekday - 1), let month = parts.month,
              months.indices.contains(month - 1), let day = parts.day, let year = parts.year
        else { return "" }
        return "\(weekdays[weekday - 1]) \(day) \(months[month - 1]) \(year)"
    }

    /// `candidateID` is the person's id (`candidates.id`).
    static func metadata(call: RetellCallRecord, candidateID: String) -> [String: RetellJSON] {
        [
            "shortlist_call_id": .string(call.id), "campaign_id": .string(call.campaignID),
            "candidate_id": .string(candidateID), "attempt": .number(Double(call.attempt)),
        ]
    }
}

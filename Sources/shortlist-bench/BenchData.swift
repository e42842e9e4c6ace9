import Foundation
import Shortlist

/// The job, campaign and candidates the benchmarks start from, made through the store as the API
/// makes them.
enum BenchData {
    /// The three targets of a typical campaign: a yes/no and a number knock-out, and a choice.
    static let targets = [
        TargetInput(key: "has_license", name: "Licence", goalType: "boolean", knockout: Knockout(equals: true)),
        TargetInput(key: "expected_salary", name: "Salary", goalType: "number", knockout: Knockout(max: 60_000)),
        TargetInput(key: "shift", name: "Shift", goalType: "choice", choices: ["day", "night"]),
    ]

    /// A job and a campaign calling `window` in `timezone` on `days`; returns the campaign's id.
    static func campaign(
        _ database: AppDatabase, name: String = "Bench", questions: [String] = [], targets: [TargetInput] = [],
        timezone: String = "America/Chicago", window: String = "09:00-18:00", days: [Weekday] = [.mon],
        maxAttempts: Int = 3, retryAfterMinutes: Int = 120
    ) async throws -> String {
        let job = try await database.createJob(try JobSpec(validating: JobInput(company: "Acme", title: "Driver")), by: .cli)
        let defaults = CampaignDefaults(
            fromNumber: "+14155550100", defaultCountry: "US",
            calling: CallingSettings(
                timezone: timezone, window: try CallingWindow(parsing: window), days: days,
                maxAttempts: maxAttempts, retryAfterMinutes: retryAfterMinutes))
        let input = CampaignInput(name: name, jobID: job.id, questions: questions, targets: targets)
        return try await database.createCampaign(try CampaignSpec(validating: input, defaults: defaults), by: .cli).campaign.id
    }

    /// Imports `csv` (a header, then rows) into the campaign through the store's import.
    static func importCandidates(_ database: AppDatabase, csv: String, into campaignID: String) async throws {
        let plan = try CandidateImport.plan(csv: try CSVParser.parse(Data(csv.utf8)), defaultCountry: "US")
        _ = try await database.importCandidates(plan.drafts, into: campaignID, by: .cli, format: "csv")
    }
}

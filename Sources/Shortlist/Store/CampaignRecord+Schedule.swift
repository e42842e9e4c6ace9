import Foundation

extension CampaignRecord {
    /// The `days` column (a JSON array of day names) as weekdays; unreadable means none.
    var callingDays: [Weekday] { (try? JSONDecoder().decode([Weekday].self, from: Data(days.utf8))) ?? [] }

    /// The calling schedule for a candidate in `candidateZone` (nil: the campaign's zone).
    func schedule(candidateZone: String?) -> CallingSchedule? {
        CallingSchedule(
            candidateZone: candidateZone, campaignZone: timezone, windowStartMinutes: windowStartMinutes,
            windowEndMinutes: windowEndMinutes, days: callingDays)
    }
}

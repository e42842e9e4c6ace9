import Foundation

/// Which of a call's figures from Retell (times, duration, cost) are believable enough to store.
/// A figure outside its range is dropped — the stored value stays what it was — and the rest of
/// the delivery is applied as usual: an odd figure never costs the call its outcome, and never
/// reaches an integer conversion that could trap.
enum CallFigures {
    /// Call times: from 2000-01-01 to 2100-01-01 (Unix milliseconds).
    static let timestampRangeMS: ClosedRange<Int64> = 946_684_800_000...4_102_444_800_000
    /// A call lasts from nothing to a week.
    static let durationRangeMS: ClosedRange<Int64> = 0...604_800_000
    /// A call costs from nothing to a million dollars (in cents).
    static let costRangeCents: ClosedRange<Double> = 0...100_000_000

    /// The time of a Retell timestamp, or nil when it is outside `timestampRangeMS`.
    static func time(_ milliseconds: Int64?) -> Date? {
        guard let milliseconds, timestampRangeMS.contains(milliseconds) else { return nil }
        return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// Whole seconds of a Retell duration, or nil when it is outside `durationRangeMS`.
    static func durationSeconds(_ milliseconds: Int64?) -> Int? {
        guard let milliseconds, durationRangeMS.contains(milliseconds) else { return nil }
        return Int((milliseconds + 500) / 1000)
    }

    /// Whole cents of Retell's `combined_cost`, or nil when it is not a number in `costRangeCents`.
    static func costCents(_ cost: Double?) -> Int? {
        guard let cost, cost.isFinite, costRangeCents.contains(cost) else { return nil }
        return Int(cost.rounded())
    }
}

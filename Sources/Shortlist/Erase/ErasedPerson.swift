import Foundation

/// How an erased person's row looks, and what of their calls' analysis is kept. The row stays (the
/// campaign memberships and calls that the counts need point at it) with tombstone values the
/// schema accepts and nothing can match: the name "Erased", and a phone that is not a number
/// (`+9erased-<id>`: it passes the `GLOB '+[1-9]*'` check, but no import, DNC entry or dial can
/// produce or use it, since every number is parsed to digits first).
enum ErasedPerson {
    static let name = "Erased"
    static let phonePrefix = "+9erased-"

    static func phone(candidateID: String) -> String { phonePrefix + candidateID }

    /// Calls Retell may still send news of (a transcript, an analysis): a person with one is not
    /// erased yet, or a late webhook would write it back.
    static let callsStillReporting: [CallStatus] =
        CallStatus.inFlight + CallStatus.awaitingNews.filter { !CallStatus.inFlight.contains($0) }

    /// Whether a stored phone is an erased person's tombstone.
    static func isTombstone(_ phone: String) -> Bool { phone.hasPrefix(phonePrefix) }

    /// A stored phone as lists, pages and exports show it: masked for viewers, empty once erased.
    static func display(_ phone: String, masked: Bool) -> String {
        isTombstone(phone) ? "" : masked ? PhoneNumber.mask(phone) : phone
    }

    /// The custom answers without their free text: booleans and numbers (what the shortlist's
    /// qualification and counts read) stay, words go.
    static func keptAnswers(_ json: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return "{}" }
        let kept = object.filter { _, value in value is NSNumber }
        guard !kept.isEmpty, let data = try? JSONSerialization.data(withJSONObject: kept, options: [.sortedKeys]) else {
            return "{}"
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The DNC page's line about erased people's numbers; nil when there are none.
    static func hashedNumbersWords(_ count: Int) -> String? {
        guard count > 0 else { return nil }
        let numbers = count == 1 ? "1 number of an erased person is" : "\(count) numbers of erased people are"
        return "Also on the list: \(numbers) kept only as a code that cannot be read back, so they are never called again."
    }

    /// "Erased on 5 Dec 2026", as pages and the API say it.
    static func words(_ date: Date) -> String {
        PlainDate(utc: date).map { "Erased on \($0.dayMonthYear)" } ?? "Erased"
    }
}

/// What one erase did (for the audit tombstone, the CLI's answer and the tests).
public struct ErasedCandidate: Sendable, Equatable {
    public var candidateID: String
    /// Campaigns the person was in.
    public var campaigns: Int
    public var calls: Int
    /// Calls Retell is asked to delete (those Retell knew).
    public var retellDeletions: Int
    /// Recording files to remove under `recordings_dir` once the erase committed.
    public var recordingFiles: [String]
    /// Whether the number was on the do-not-call list (it stays there as a keyed hash).
    public var wasOnDNC: Bool
    /// The person had been erased before: nothing was done.
    public var alreadyErased: Bool
    public var erasedAt: Date
}

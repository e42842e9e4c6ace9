/// Why the dry run of a batch (DESIGN §5a) leaves a candidate out; the raw values are the API's keys.
public enum PreviewSkip: String, Sendable, CaseIterable {
    case doNotCall = "do_not_call"
    case badNumber = "bad_number"
    case alreadyDone = "already_done"
    /// Being called right now.
    case beingCalled = "in_progress"
    case inRunningBatch = "in_running_batch"
    case outsideHours = "outside_hours"
    /// The campaign calls only candidates with a consent basis (`ConsentBasis`) and this one has none.
    case noConsent = "no_consent"

    /// The reason in words, as the campaign page's dry run lists it.
    public var words: String {
        switch self {
        case .noConsent: "without a consent basis"
        default: rawValue.replacingOccurrences(of: "_", with: " ")
        }
    }

    /// A completed candidate: its outcome when that says the number cannot be called, else done.
    public static func settled(outcome: CandidateOutcome?) -> PreviewSkip {
        switch outcome {
        case .doNotCall: .doNotCall
        case .badNumber: .badNumber
        default: .alreadyDone
        }
    }
}

/// Why the dry run of a batch (DESIGN §5a) leaves a candidate out; the raw values are the API's keys.
public enum PreviewSkip: String, Sendable, CaseIterable {
    case doNotCall = "do_not_call"
    case badNumber = "bad_number"
    case alreadyDone = "already_done"
    /// Being called right now.
    case beingCalled = "in_progress"
    case inRunningBatch = "in_running_batch"
    case outsideHours = "outside_hours"

    /// A completed candidate: its outcome when that says the number cannot be called, else done.
    public static func settled(outcome: CandidateOutcome?) -> PreviewSkip {
        switch outcome {
        case .doNotCall: .doNotCall
        case .badNumber: .badNumber
        default: .alreadyDone
        }
    }
}

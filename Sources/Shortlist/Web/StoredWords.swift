/// Read models that carry a status as text (`CampaignCandidateRow`, `LiveCallRow`, the dashboard's
/// counts) are turned into words here, at the edge of the page. A code no enum knows (a newer
/// version wrote it, say) shows as itself in the quiet colour: never a trap, never a blank.
enum StoredWords {
    static func candidateStatus(_ code: String) -> Wording { worded(CandidateStatus(rawValue: code), code) }
    static func outcome(_ code: String) -> Wording { worded(CandidateOutcome(rawValue: code), code) }
    static func callStatus(_ code: String) -> Wording { worded(CallStatus(rawValue: code), code) }
    static func batchStatus(_ code: String) -> Wording { worded(BatchStatus(rawValue: code), code) }
    static func campaignStatus(_ code: String) -> Wording { worded(CampaignStatus(rawValue: code), code) }
    static func dncSource(_ code: String) -> Wording { worded(DNCSource(rawValue: code), code) }

    /// An outcome or, for a candidate not finished yet, its status: what the report's funnel counts.
    static func funnel(_ code: String) -> Wording {
        if let outcome = CandidateOutcome(rawValue: code) { return outcome.wording }
        return candidateStatus(code)
    }

    private static func worded(_ known: (some PlainWorded)?, _ code: String) -> Wording {
        known?.wording ?? Wording(code, .quiet, code: code)
    }
}

extension DNCSource: PlainWorded {
    public var wording: Wording {
        switch self {
        case .manual: worded("Added by hand", .quiet)
        case .call: worded("Asked on a call", .bad)
        case .import: worded("Imported from a file", .quiet)
        }
    }
}

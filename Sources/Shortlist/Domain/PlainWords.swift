/// The colour a status is shown in, one per kind of news, the same on every page: `good` (a result
/// to act on), `bad` (over, and not in the candidate's favour or a fault), `warn` (needs a look or
/// will be tried again), `active` (happening now or next), `quiet` (nothing to do).
public enum Tone: String, Sendable, CaseIterable {
    case good, bad, warn, active, quiet
}

/// A status in a recruiter's words, with its colour and the raw code it stands for. Pages show
/// `text` in `tone`'s colour with `code` as the tooltip; the API and the CSV's code columns keep `code`.
public struct Wording: Sendable, Equatable {
    public let text: String
    /// `Tone.rawValue`: kept as text so templates can put it in a class name.
    public let tone: String
    public let code: String

    public init(_ text: String, _ tone: Tone, code: String) {
        self.text = text
        self.tone = tone.rawValue
        self.code = code
    }
}

/// Everything with a raw code a recruiter may see says it in words.
public protocol PlainWorded {
    var wording: Wording { get }
}

extension PlainWorded where Self: RawRepresentable<String> {
    func worded(_ text: String, _ tone: Tone) -> Wording { Wording(text, tone, code: rawValue) }
}

extension CandidateStatus: PlainWorded {
    public var wording: Wording {
        switch self {
        case .pending: worded("Not in a running batch", .quiet)
        case .queued: worded("Waiting for a call", .active)
        case .calling: worded("On a call now", .active)
        case .completed: worded("Finished", .quiet)
        }
    }
}

extension CandidateOutcome: PlainWorded {
    public var wording: Wording {
        switch self {
        case .qualified: worded("Qualified", .good)
        case .notQualified: worded("Did not qualify", .bad)
        case .notInterested: worded("Not interested", .bad)
        case .unreachable: worded("Could not be reached", .warn)
        case .badNumber: worded("Wrong or dead number", .bad)
        case .doNotCall: worded("Asked not to be called", .bad)
        }
    }
}

extension CallStatus: PlainWorded {
    public var wording: Wording {
        switch self {
        case .dialing: worded("Dialling", .active)
        case .unknown: worded("Checking with Retell", .warn)
        case .registered: worded("Ringing", .active)
        case .ongoing: worded("On the call", .active)
        case .ended: worded("Ended, analysis to come", .quiet)
        case .analyzed: worded("Done", .good)
        case .notConnected: worded("Did not connect", .warn)
        case .failed: worded("Could not be placed", .bad)
        }
    }
}

extension BatchStatus: PlainWorded {
    public var wording: Wording {
        switch self {
        case .preparing: worded("Getting ready", .quiet)
        case .inProgress: worded("Calling", .active)
        case .paused: worded("Paused", .warn)
        case .completed: worded("Finished", .good)
        case .cancelled: worded("Cancelled", .quiet)
        }
    }
}

extension CampaignStatus: PlainWorded {
    public var wording: Wording {
        switch self {
        case .draft: worded("Not started", .quiet)
        case .active: worded("Calling", .active)
        case .paused: worded("Paused", .warn)
        case .completed: worded("Finished", .good)
        case .archived: worded("Archived", .quiet)
        }
    }
}

extension ShortlistDecision: PlainWorded {
    public var wording: Wording {
        switch self {
        case .toContact: worded("To contact", .active)
        case .contacted: worded("Contacted", .quiet)
        case .interview: worded("Interview", .good)
        case .rejected: worded("Rejected", .bad)
        }
    }
}

extension CallDirection: PlainWorded {
    public var wording: Wording {
        switch self {
        case .outbound: worded("We called", .quiet)
        case .inbound: worded("Candidate called back", .active)
        }
    }
}

/// Retell's `disconnection_reason` codes (retell/API.md) in words. A code Retell adds later reads
/// "Ended for another reason", with the code in the tooltip.
public enum DisconnectionWords {
    public static func wording(_ code: String) -> Wording {
        let (text, tone) = known[code] ?? ("Ended for another reason", .warn)
        return Wording(text, tone, code: code)
    }

    static let known: [String: (String, Tone)] = [
        "user_hangup": ("Candidate hung up", .quiet),
        "agent_hangup": ("Agent ended the call", .quiet),
        "call_transfer": ("Transferred", .quiet),
        "transfer_bridged": ("Transferred", .quiet),
        "transfer_cancelled": ("Transfer cancelled", .warn),
        "voicemail_reached": ("Reached voicemail", .warn),
        "ivr_reached": ("Reached an automated menu", .warn),
        "inactivity": ("Line went silent", .warn),
        "max_duration_reached": ("Reached the call time limit", .warn),
        "user_requested_dnc": ("Asked not to be called again", .bad),
        "user_requested_callback": ("Asked to be called back", .active),
        "concurrency_limit_reached": ("Retell's call limit was reached", .warn),
        "no_concurrency_fallback": ("Retell's call limit was reached", .warn),
        "no_valid_payment": ("Retell account has no valid payment", .bad),
        "credit_exhausted": ("Retell credit ran out", .bad),
        "budget_reached": ("Retell budget reached", .bad),
        "scam_detected": ("Retell stopped the call as suspected fraud", .bad),
        "dial_busy": ("Line busy", .warn),
        "dial_failed": ("Call could not be put through", .bad),
        "dial_no_answer": ("No answer", .warn),
        "invalid_destination": ("Not a valid number", .bad),
        "telephony_provider_permission_denied": ("Phone provider refused the call", .bad),
        "telephony_provider_unavailable": ("Phone provider unavailable", .bad),
        "sip_routing_error": ("Phone network routing error", .bad),
        "marked_as_spam": ("Marked as spam by the phone network", .bad),
        "network_blocked": ("Blocked by the phone network", .bad),
        "user_declined": ("Candidate declined the call", .warn),
        "error_llm_websocket_open": ("Retell could not reach the agent", .bad),
        "error_llm_websocket_lost_connection": ("Retell lost the agent mid-call", .bad),
        "error_llm_websocket_runtime": ("The agent failed mid-call", .bad),
        "error_llm_websocket_corrupt_payload": ("The agent failed mid-call", .bad),
        "error_no_audio_received": ("No sound on the line", .bad),
        "error_asr": ("Retell could not hear the candidate", .bad),
        "error_retell": ("Retell error", .bad),
        "error_unknown": ("Unknown error at Retell", .bad),
        "error_user_not_joined": ("Candidate never joined", .bad),
        "registered_call_timeout": ("Call never started", .bad),
        "manual_stopped": ("Stopped by hand at Retell", .quiet),
        "call_take_over": ("Taken over by a person", .quiet),
    ]
}

/// Retell's `user_sentiment` and the 0–1 sentiment score in words; the score's colour is the one
/// the sentiment bar is drawn in.
public enum SentimentWords {
    public static func wording(_ code: String) -> Wording {
        switch code {
        case "Positive": Wording("Positive", .good, code: code)
        case "Negative": Wording("Negative", .bad, code: code)
        case "Neutral": Wording("Neutral", .quiet, code: code)
        default: Wording("Unclear", .quiet, code: code)
        }
    }

    public static func tone(score: Double) -> Tone {
        if score >= 0.6 { return .good }
        if score < 0.4 { return .bad }
        return .warn
    }
}

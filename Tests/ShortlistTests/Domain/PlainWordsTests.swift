import Testing
@testable import Shortlist

@Suite("Plain words")
struct PlainWordsTests {
    static let all: [Wording] =
        CandidateStatus.allCases.map(\.wording) + CandidateOutcome.allCases.map(\.wording)
        + CallStatus.allCases.map(\.wording) + BatchStatus.allCases.map(\.wording)
        + CampaignStatus.allCases.map(\.wording) + ShortlistDecision.allCases.map(\.wording)
        + CallDirection.allCases.map(\.wording)

    @Test("Every status, outcome and decision reads as words: capitalised, no underscores, its code kept for the tooltip")
    func statuses() {
        for wording in Self.all {
            #expect(!wording.text.isEmpty && !wording.text.contains("_"), "\(wording.code)")
            #expect(wording.text.first?.isUppercase == true, "\(wording.code)")
            #expect(Tone(rawValue: wording.tone) != nil, "\(wording.code)")
        }
        #expect(CandidateOutcome.notQualified.wording == Wording("Did not qualify", .bad, code: "not_qualified"))
        #expect(ShortlistDecision.toContact.wording.code == "to_contact")
    }

    @Test("Every disconnection reason Retell documents has its own words; a new one reads as another reason")
    func reasons() {
        let documented = [
            "user_hangup", "agent_hangup", "call_transfer", "voicemail_reached", "ivr_reached", "inactivity",
            "max_duration_reached", "user_requested_dnc", "user_requested_callback", "concurrency_limit_reached",
            "no_concurrency_fallback", "no_valid_payment", "credit_exhausted", "budget_reached", "scam_detected",
            "dial_busy", "dial_failed", "dial_no_answer", "invalid_destination", "telephony_provider_permission_denied",
            "telephony_provider_unavailable", "sip_routing_error", "marked_as_spam", "network_blocked", "user_declined",
            "error_llm_websocket_open", "error_llm_websocket_lost_connection", "error_llm_websocket_runtime",
            "error_llm_websocket_corrupt_payload", "error_no_audio_received", "error_asr", "error_retell",
            "error_unknown", "error_user_not_joined", "registered_call_timeout", "transfer_bridged",
            "transfer_cancelled", "manual_stopped", "call_take_over",
        ]
        for code in documented {
            #expect(DisconnectionWords.known[code] != nil, "\(code)")
            #expect(DisconnectionWords.wording(code).code == code)
        }
        #expect(DisconnectionWords.wording("dial_no_answer").text == "No answer")
        #expect(DisconnectionWords.wording("something_new") == Wording("Ended for another reason", .warn, code: "something_new"))
    }

    @Test("The sentiment colour follows the score")
    func sentiment() {
        #expect(SentimentWords.tone(score: 0.9) == .good)
        #expect(SentimentWords.tone(score: 0.5) == .warn)
        #expect(SentimentWords.tone(score: 0.1) == .bad)
        #expect(SentimentWords.wording("Positive").tone == "good")
        #expect(SentimentWords.wording("Unknown").text == "Unclear")
    }
}

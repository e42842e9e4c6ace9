import Foundation
import Testing
@testable import Shortlist

@Suite("Inbound routing")
struct InboundRoutingTests {
    @Test("A caller no campaign called, or one on the do-not-call list, is declined; the list wins over any campaign")
    func declines() {
        #expect(InboundRouting.route(InboundFacts(onDoNotCallList: false, campaignStatus: nil)) == .decline(.unknownCaller))
        #expect(InboundRouting.route(InboundFacts(onDoNotCallList: true, campaignStatus: nil)) == .decline(.doNotCall))
        #expect(InboundRouting.route(InboundFacts(onDoNotCallList: true, campaignStatus: .active)) == .decline(.doNotCall))
    }

    @Test("A candidate who opted out, or whose campaign is archived, is declined")
    func optedOutOrArchived() {
        #expect(InboundRouting.route(InboundFacts(onDoNotCallList: false, campaignStatus: .completed, outcome: .doNotCall))
            == .decline(.optedOut))
        #expect(InboundRouting.route(InboundFacts(onDoNotCallList: false, campaignStatus: .archived, outcome: .qualified))
            == .decline(.archived))
    }

    @Test("A called candidate of a campaign in any other status reaches its agent, whatever their outcome so far",
          arguments: [CampaignStatus.draft, .active, .paused, .completed])
    func routes(_ status: CampaignStatus) {
        for outcome in [nil, CandidateOutcome.unreachable, .qualified, .notQualified, .badNumber] {
            #expect(InboundRouting.route(InboundFacts(onDoNotCallList: false, campaignStatus: status, outcome: outcome)) == .campaignAgent)
        }
    }

    @Test("An inbound conversation finishes a queued candidate without spending an attempt and points at the inbound call")
    func conversationFinishes() throws {
        let queued = CandidateProgress(
            status: .queued, attempts: 2, nextAttemptAt: Date(timeIntervalSince1970: 1_795_000_000), lastCallID: "out-2")
        let next = try #require(CandidateLifecycle.calledBack(queued, .done(.qualified, qualified: true), onCall: "in-3"))
        #expect(next == CandidateProgress(status: .completed, outcome: .qualified, attempts: 2, lastCallID: "in-3", qualified: true))
    }

    @Test("An inbound call without a conversation changes nothing, nor does one while another attempt is being called")
    func noConversationNoChange() {
        let queued = CandidateProgress(status: .queued, attempts: 1, lastCallID: "out-1")
        for decision in [CandidateDecision.wait, .retry, .done(.unreachable, qualified: nil), .done(.badNumber, qualified: nil)] {
            #expect(CandidateLifecycle.calledBack(queued, decision, onCall: "in-2") == nil)
        }
        let calling = CandidateProgress(status: .calling, attempts: 2, lastCallID: "out-2")
        #expect(CandidateLifecycle.calledBack(calling, .done(.qualified, qualified: true), onCall: "in-3") == nil)
    }

    @Test("An opt-out heard on an inbound call makes the candidate do-not-call; the same news twice changes nothing more")
    func optOutAndRepeat() throws {
        let done = CandidateProgress(status: .completed, outcome: .qualified, attempts: 1, lastCallID: "out-1", qualified: true)
        let next = try #require(CandidateLifecycle.calledBack(done, .done(.doNotCall, qualified: false), onCall: "in-2"))
        #expect(next.outcome == .doNotCall && next.qualified == false && next.lastCallID == "in-2" && next.attempts == 1)
        #expect(CandidateLifecycle.calledBack(next, .done(.doNotCall, qualified: false), onCall: "in-2") == nil)
    }

    @Test("A call_inbound body is read with its optional agent; unknown keys Retell may add are ignored")
    func parsesBody() throws {
        let body = #"{"event":"call_inbound","call_inbound":{"agent_id":"agent_x","agent_version":3,"from_number":"+15125550134","to_number":"+14155550100","new_key":1}}"#
        let request = try InboundCallRequest.parse(Data(body.utf8))
        #expect(request == InboundCallRequest(fromNumber: "+15125550134", toNumber: "+14155550100", agentID: "agent_x", agentVersion: 3))
    }

    @Test("Each bad call_inbound body names its field", arguments: [
        (#"not json"#, "", true),
        (#"[1,2]"#, "", true),
        (#"{"event":"call_started","call_inbound":{}}"#, "event", false),
        (#"{"event":"call_inbound"}"#, "call_inbound", false),
        (#"{"event":"call_inbound","call_inbound":[]}"#, "call_inbound", false),
        (#"{"event":"call_inbound","call_inbound":{"to_number":"+14155550100"}}"#, "call_inbound.from_number", false),
        (#"{"event":"call_inbound","call_inbound":{"from_number":"5125550134","to_number":"+14155550100"}}"#, "call_inbound.from_number", false),
        (#"{"event":"call_inbound","call_inbound":{"from_number":"+0125550134","to_number":"+14155550100"}}"#, "call_inbound.from_number", false),
        (#"{"event":"call_inbound","call_inbound":{"from_number":"+1512555013412345","to_number":"+14155550100"}}"#, "call_inbound.from_number", false),
        (#"{"event":"call_inbound","call_inbound":{"from_number":15125550134,"to_number":"+14155550100"}}"#, "call_inbound.from_number", false),
        (#"{"event":"call_inbound","call_inbound":{"from_number":"+15125550134","to_number":"+1 415"}}"#, "call_inbound.to_number", false),
        (#"{"event":"call_inbound","call_inbound":{"from_number":"+15125550134","to_number":"+14155550100","agent_id":7}}"#, "call_inbound.agent_id", false),
        (#"{"event":"call_inbound","call_inbound":{"from_number":"+15125550134","to_number":"+14155550100","agent_version":1e300}}"#, "call_inbound.agent_version", false),
        (#"{"event":"call_inbound","call_inbound":{"from_number":"+15125550134","to_number":"+14155550100","agent_version":1.5}}"#, "call_inbound.agent_version", false),
        (#"{"event":"call_inbound","call_inbound":{"from_number":"+15125550134","to_number":"+14155550100","agent_version":-1}}"#, "call_inbound.agent_version", false),
    ])
    func badBodies(_ body: String, _ field: String, _ malformed: Bool) {
        do {
            _ = try InboundCallRequest.parse(Data(body.utf8))
            Issue.record("accepted \(body)")
        } catch {
            switch error {
            case .malformed: #expect(malformed, "\(body)")
            case .invalid(let problem): #expect(!malformed && problem.field == field, "\(body): \(problem)")
            }
        }
    }
}

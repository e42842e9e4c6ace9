import Foundation
import GRDB

/// A call from a candidate that reaches their campaign's agent: the `dialing` row made for it and
/// what the answer to Retell carries.
public struct RoutedInboundCall: Sendable {
    public var call: RetellCallRecord
    /// The person (`candidates.id`), named in the call's metadata.
    public var candidateID: String
    public var fullName: String
    public var job: JobRecord
    /// The candidate's zone (theirs, else the campaign's), for the `today` variable.
    public var zone: TimeZone?
}

public enum InboundResult: Sendable {
    case routed(RoutedInboundCall, AppliedCall)
    case declined(InboundDecline)
}

extension AppDatabase {
    /// One transaction for a `call_inbound` from `phone`: reads who the caller is (the candidate
    /// with that number and the newest campaign with an agent that called them), asks `route`, and
    /// commits its answer: an inbound `dialing` row for that campaign candidate (the next attempt
    /// number, no attempt spent, in the candidate's batch) with its audit row, or only an audit row
    /// with the number masked.
    func answerInboundCall(
        from phone: String, route: @escaping @Sendable (InboundFacts) -> InboundRoute
    ) async throws -> InboundResult {
        let now = clock.now()
        let callID = ids.next()
        let idempotencyKey = ids.next()
        return try await writer.write { db in
            let caller = try self.inboundCaller(phone: phone, db)
            let onList = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM dnc_numbers WHERE phone = ?)", arguments: [phone]) ?? false
            let facts = InboundFacts(
                onDoNotCallList: onList, campaignStatus: caller?.campaign.status, outcome: caller?.candidate.outcome)
            let decision = route(facts)
            guard decision == .campaignAgent, let caller else {
                let reason: InboundDecline = if case .decline(let reason) = decision { reason } else { .unknownCaller }
                try self.audit(db, .system, "call.inbound_declined", subjectType: "call", subjectID: nil, detail: [
                    "phone": PhoneNumber.mask(phone), "reason": reason.rawValue,
                ])
                return .declined(reason)
            }
            let attempt = try Int.fetchOne(db, sql: """
                SELECT coalesce(max(attempt), 0) + 1 FROM retell_calls WHERE campaign_candidate_id = ?
                """, arguments: [caller.candidate.id]) ?? 1
            var call = RetellCallRecord(
                id: callID, campaignID: caller.campaign.id, campaignCandidateID: caller.candidate.id,
                batchID: caller.candidate.batchID, attempt: attempt, retellCallID: nil,
                retellAgentID: caller.agent.retellAgentID, agentVersion: caller.agent.version, retellAgentVersion: nil,
                phoneNumber: phone, status: CallLifecycle.calledBack, disconnectionReason: nil, durationSeconds: nil,
                costCents: nil, startedAt: nil, endedAt: nil, createdAt: now, updatedAt: now, lastEventAt: nil,
                lastCheckedAt: nil, idempotencyKey: idempotencyKey, lastError: nil)
            call.direction = .inbound
            try call.insert(db)
            try self.audit(db, .system, "call.inbound", subjectType: "call", subjectID: call.id, detail: [
                "campaign_candidate_id": call.campaignCandidateID, "attempt": String(attempt),
                "phone": PhoneNumber.mask(phone), "agent_version": String(call.agentVersion),
            ])
            let routed = RoutedInboundCall(
                call: call, candidateID: caller.person.id, fullName: caller.person.fullName, job: caller.job,
                zone: TimeZone(identifier: caller.person.timezone ?? caller.campaign.timezone))
            return .routed(routed, AppliedCall(call: call, candidate: nil, batch: nil))
        }
    }

    private struct InboundCaller {
        var person: CandidateRecord
        var candidate: CampaignCandidateRecord
        var campaign: CampaignRecord
        var agent: CampaignAgentRecord
        var job: JobRecord
    }

    /// The person with this number and the campaign candidate of theirs whose campaign (one with
    /// an agent) called them last; nil when there is none.
    private func inboundCaller(phone: String, _ db: Database) throws -> InboundCaller? {
        guard let person = try CandidateRecord.filter(Column("phone") == phone).fetchOne(db),
              let campaignCandidateID = try String.fetchOne(db, sql: """
                  SELECT cc.id FROM campaign_candidates cc
                  JOIN retell_calls rc ON rc.campaign_candidate_id = cc.id
                  WHERE cc.candidate_id = ?
                    AND EXISTS (SELECT 1 FROM campaign_retell_agents a WHERE a.campaign_id = cc.campaign_id)
                  ORDER BY rc.created_at DESC, rc.id DESC LIMIT 1
                  """, arguments: [person.id]),
              let candidate = try CampaignCandidateRecord.fetchOne(db, key: campaignCandidateID),
              let campaign = try CampaignRecord.fetchOne(db, key: candidate.campaignID),
              let agent = try CampaignAgentRecord.filter(Column("campaign_id") == campaign.id).fetchOne(db),
              let job = try JobRecord.fetchOne(db, key: campaign.jobID)
        else { return nil }
        return InboundCaller(person: person, candidate: candidate, campaign: campaign, agent: agent, job: job)
    }
}

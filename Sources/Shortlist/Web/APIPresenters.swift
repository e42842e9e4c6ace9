import Foundation

/// How each record looks in the JSON API. Keys are the contract of DESIGN.md §1.
enum APIPresenter {
    static func job(_ job: JobRecord) -> JSONValue {
        .object([
            ("id", .string(job.id)), ("company", .string(job.company)), ("title", .string(job.title)),
            ("location", .string(job.location)), ("salary_range", .string(job.salaryRange)),
            ("employment_type", .string(job.employmentType)), ("description", .string(job.description)),
            ("created_at", .time(job.createdAt)), ("updated_at", .time(job.updatedAt)),
        ])
    }

    /// `freshness`, when the caller worked it out, adds `up_to_date` and `out_of_date_because` to `agent`.
    static func campaign(_ detail: CampaignDetail, freshness: AgentFreshness? = nil) -> JSONValue {
        let record = detail.campaign
        let spec = detail.spec
        return .object([
            ("id", .string(record.id)), ("name", .string(record.name)), ("job_id", .string(record.jobID)),
            ("status", .string(record.status.rawValue)), ("status_reason", .string(record.statusReason)),
            ("from_number", .string(record.fromNumber)),
            ("owner_user_id", .string(record.ownerUserID)), ("owner_token_id", .string(record.ownerTokenID)),
            ("questions", .strings(detail.questions)),
            ("targets", .array(detail.targets.map(target))),
            ("calling", calling(spec.calling)),
            ("require_consent", .bool(record.requireConsent)),
            ("agent", detail.agent.map { agentSummary($0, freshness: freshness) } ?? .null),
            ("created_at", .time(record.createdAt)), ("updated_at", .time(record.updatedAt)),
        ])
    }

    static func batch(_ batch: BatchRecord) -> JSONValue {
        .object([
            ("id", .string(batch.id)), ("campaign_id", .string(batch.campaignID)), ("status", .string(batch.status.rawValue)),
            ("status_reason", .string(batch.statusReason)), ("total_candidates", .int(batch.totalCandidates)),
            ("completed_calls", .int(batch.completedCalls)), ("failed_calls", .int(batch.failedCalls)),
            ("finished_candidates", .int(batch.finishedCandidates)),
            ("created_by", .string(batch.createdBy)), ("created_at", .time(batch.createdAt)),
            ("started_at", .time(batch.startedAt)), ("completed_at", .time(batch.completedAt)),
            ("updated_at", .time(batch.updatedAt)),
        ])
    }

    /// The agent as part of a campaign: ids, version and when it last changed.
    static func agentSummary(_ agent: CampaignAgentRecord, freshness: AgentFreshness? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("retell_agent_id", .string(agent.retellAgentID)), ("retell_llm_id", .string(agent.retellLLMID)),
            ("version", .int(agent.version)), ("prompt_sha256", .string(agent.promptSHA256)),
            ("updated_at", .time(agent.updatedAt)),
        ]
        if let freshness {
            let changes: [AgentChange] = if case .outOfDate(_, let changes) = freshness { changes } else { [] }
            members.append(("up_to_date", .bool(!freshness.isOutOfDate)))
            members.append(("out_of_date_because", .strings(changes.map(\.rawValue))))
        }
        return .object(members)
    }

    /// The agent in full: what `POST`/`GET …/agent` answer.
    static func agent(_ agent: CampaignAgentRecord, changed: Bool?) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("retell_agent_id", .string(agent.retellAgentID)), ("retell_llm_id", .string(agent.retellLLMID)),
            ("agent_name", .string(agent.agentName)), ("version", .int(agent.version)),
            ("prompt", .string(agent.basePrompt)), ("begin_message", .string(agent.beginMessage)),
            ("prompt_sha256", .string(agent.promptSHA256)),
            ("analysis_fields", .array(agent.fields.map(analysisField))),
            ("created_at", .time(agent.createdAt)), ("updated_at", .time(agent.updatedAt)),
        ]
        if let changed { members.append(("changed", .bool(changed))) }
        return .object(members)
    }

    static func analysisField(_ field: AnalysisFieldSpec) -> JSONValue {
        .object([
            ("name", .string(field.name)), ("type", .string(field.kind.rawValue)),
            ("description", .string(field.description)), ("choices", field.choices.map(JSONValue.strings) ?? .null),
        ])
    }

    static func target(_ target: TargetSpec) -> JSONValue {
        .object([
            ("key", .string(target.key)), ("name", .string(target.name)),
            ("description", .string(target.description)), ("goal_type", .string(target.goalType.rawValue)),
            ("choices", target.choices.map(JSONValue.strings) ?? .null),
            ("knockout", target.knockout.map(knockout) ?? .null),
        ])
    }

    static func knockout(_ rule: Knockout) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if let equals = rule.equals { members.append(("equals", .bool(equals))) }
        if let min = rule.min { members.append(("min", .double(min))) }
        if let max = rule.max { members.append(("max", .double(max))) }
        if let set = rule.in { members.append(("in", .strings(set))) }
        return .object(members)
    }

    static func calling(_ calling: CallingSettings) -> JSONValue {
        .object([
            ("timezone", .string(calling.timezone)),
            ("window_start", .string(calling.window.start.description)),
            ("window_end", .string(calling.window.end.description)),
            ("days", .strings(calling.days.map(\.rawValue))),
            ("max_attempts", .int(calling.maxAttempts)),
            ("retry_after_minutes", .int(calling.retryAfterMinutes)),
            ("concurrency", .int(calling.concurrency)),
        ])
    }

    /// Viewers see masked numbers; recruiters and admins need the real one to act on it.
    static func phone(_ e164: String, for principal: Principal) -> JSONValue {
        .string(ErasedPerson.display(e164, masked: !principal.role.canWrite))
    }

    static func campaignCandidate(_ row: CampaignCandidateRow, for principal: Principal) -> JSONValue {
        .object([
            ("id", .string(row.id)), ("candidate_id", .string(row.candidateID)),
            ("full_name", .string(row.fullName)), ("phone", phone(row.phone, for: principal)),
            ("status", .string(row.status)), ("outcome", .string(row.outcome)),
            ("attempts", .int(row.attempts)), ("qualified", .bool(row.qualified)),
            ("last_call_id", .string(row.lastCallID)),
        ])
    }

    static func dnc(_ entry: DNCNumberRecord, for principal: Principal) -> JSONValue {
        .object([
            ("phone", phone(entry.phone, for: principal)), ("reason", .string(entry.reason)),
            ("source", .string(entry.source.rawValue)), ("source_call_id", .string(entry.sourceCallID)),
            ("created_by", .string(entry.createdBy)), ("created_at", .time(entry.createdAt)),
        ])
    }

    /// A call; `analysis` is included (possibly null) only for the single-call view.
    static func call(
        _ call: RetellCallRecord, analysis: CallAnalysisRecord?, withAnalysis: Bool, for principal: Principal,
        recording: CallRecordingRecord? = nil
    ) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .string(call.id)), ("retell_call_id", .string(call.retellCallID)),
            ("campaign_id", .string(call.campaignID)), ("campaign_candidate_id", .string(call.campaignCandidateID)),
            ("batch_id", .string(call.batchID)), ("attempt", .int(call.attempt)),
            ("phone", phone(call.phoneNumber, for: principal)), ("call_status", .string(call.status.rawValue)),
            ("disconnection_reason", .string(call.disconnectionReason)),
            ("duration_seconds", .int(call.durationSeconds)), ("cost_cents", .int(call.costCents)),
            ("agent_version", .int(call.agentVersion)), ("started_at", .time(call.startedAt)),
            ("ended_at", .time(call.endedAt)), ("created_at", .time(call.createdAt)),
            ("last_error", .string(call.lastError)), ("direction", .string(call.direction.rawValue)),
        ]
        if withAnalysis {
            members.append(("analysis", analysis.map(self.analysis) ?? .null))
            members.append(("recording", recording.map { self.recording($0, callID: call.id) } ?? .null))
        }
        return .object(members)
    }

    /// Our stored copy of the recording (never Retell's address): its state, and where to fetch it once stored.
    static func recording(_ row: CallRecordingRecord, callID: String) -> JSONValue {
        let stored = row.status == .stored
        return .object([
            ("status", .string(row.status.rawValue)),
            ("url", .string(stored ? "/api/v1/calls/\(callID)/recording" : nil)),
            ("bytes", .int(stored ? row.bytes : nil)), ("content_type", .string(stored ? row.contentType : nil)),
            ("error", .string(row.error)), ("stored_at", .time(row.storedAt)),
        ])
    }

    static func analysis(_ row: CallAnalysisRecord) -> JSONValue {
        .object([
            ("available_to_work", .bool(row.availableToWork)), ("interested", .bool(row.interested)),
            ("know_referee", .bool(row.knowReferee)), ("opted_out", .bool(row.optedOut)),
            ("custom_responses", .raw(row.customResponses)), ("call_summary", .string(row.callSummary)),
            ("sentiment_score", .double(row.sentimentScore)), ("user_sentiment", .string(row.userSentiment)),
            ("call_successful", .bool(row.callSuccessful)), ("in_voicemail", .bool(row.inVoicemail)),
            ("key_points", row.keyPoints.map(JSONValue.raw) ?? .null),
            ("objections", row.objections.map(JSONValue.raw) ?? .null),
            ("next_steps", row.nextSteps.map(JSONValue.raw) ?? .null),
            ("transcript", .string(row.transcript)), ("callback_at", .string(row.callbackAt)),
        ])
    }

    static func issue(_ issue: ImportIssue) -> JSONValue {
        .object([("row", .int(issue.row)), ("field", .string(issue.field)), ("reason", .string(issue.reason))])
    }

    static func list(_ items: [JSONValue], nextCursor: String?) -> JSONValue {
        .object([("items", .array(items)), ("next_cursor", .string(nextCursor))])
    }
}

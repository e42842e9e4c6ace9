import Foundation

/// The subject-access export as JSON: the person, each campaign they are in, each call with its
/// analysis (never Retell's recording or log URL: the stored copy's API address when one is
/// kept), the do-not-call status and the audit rows about them.
enum SubjectAccessPresenter {
    static func document(_ records: SubjectAccessRecords) -> JSONValue {
        let person = records.person
        return .object([
            ("candidate", .object([
                ("id", .string(person.id)),
                ("erased", .bool(person.erasedAt != nil)),
                ("erased_at", .time(person.erasedAt)),
                ("status", .string(person.erasedAt.map(ErasedPerson.words) ?? "kept")),
                ("full_name", person.erasedAt == nil ? .string(person.fullName) : .null),
                ("phone", person.erasedAt == nil ? .string(person.phone) : .null),
                ("email", .string(person.email)), ("timezone", .string(person.timezone)),
                ("external_id", .string(person.externalID)), ("consent", .string(person.consent)),
                ("source", .string(person.source)), ("attributes", .raw(validJSON(person.attributes))),
                ("created_at", .time(person.createdAt)), ("updated_at", .time(person.updatedAt)),
            ])),
            ("on_do_not_call_list", .bool(records.onDNC)),
            ("campaigns", .array(records.memberships.map(membership))),
            ("calls", .array(records.calls.map(call))),
            ("audit", .array(records.audit.map(audit))),
        ])
    }

    static func membership(_ entry: SubjectAccessRecords.Membership) -> JSONValue {
        let row = entry.membership
        return .object([
            ("campaign_candidate_id", .string(row.id)), ("campaign_id", .string(row.campaignID)),
            ("campaign_name", .string(entry.campaignName)), ("status", .string(row.status.rawValue)),
            ("outcome", .string(row.outcome?.rawValue)), ("qualified", .bool(row.qualified)),
            ("attempts", .int(row.attempts)), ("decision", .string(row.decision?.rawValue)),
            ("decision_note", .string(row.decisionNote)), ("callback_at", .time(row.callbackAt)),
            ("added_at", .time(row.createdAt)),
        ])
    }

    static func call(_ entry: SubjectAccessRecords.CallEntry) -> JSONValue {
        let call = entry.call
        let kept = entry.recording?.status == .stored
        return .object([
            ("id", .string(call.id)), ("campaign_id", .string(call.campaignID)),
            ("campaign_candidate_id", .string(call.campaignCandidateID)), ("attempt", .int(call.attempt)),
            ("direction", .string(call.direction.rawValue)), ("status", .string(call.status.rawValue)),
            ("phone_number", call.phoneNumber.isEmpty ? .null : .string(call.phoneNumber)),
            ("disconnection_reason", .string(call.disconnectionReason)),
            ("duration_seconds", call.durationSeconds.map(JSONValue.int) ?? .null),
            ("created_at", .time(call.createdAt)), ("started_at", .time(call.startedAt)), ("ended_at", .time(call.endedAt)),
            ("recording_kept", .bool(kept)),
            ("recording_url", kept ? .string("/api/v1/calls/\(call.id)/recording") : .null),
            ("analysis", entry.analysis.map(analysis) ?? .null),
        ])
    }

    static func analysis(_ row: CallAnalysisRecord) -> JSONValue {
        .object([
            ("available_to_work", .bool(row.availableToWork)), ("interested", .bool(row.interested)),
            ("know_referee", .bool(row.knowReferee)), ("opted_out", .bool(row.optedOut)),
            ("answers", .raw(validJSON(row.customResponses))), ("summary", .string(row.callSummary)),
            ("sentiment", .string(row.userSentiment)), ("transcript", .string(row.transcript)),
            ("key_points", .raw(validJSON(row.keyPoints, empty: "null"))),
            ("objections", .raw(validJSON(row.objections, empty: "null"))),
            ("next_steps", .raw(validJSON(row.nextSteps, empty: "null"))),
            ("callback_at", .string(row.callbackAt)),
        ])
    }

    static func audit(_ row: AuditLogRecord) -> JSONValue {
        .object([
            ("at", .time(row.at)), ("actor", .string(row.actorLabel)), ("action", .string(row.action)),
            ("subject_type", .string(row.subjectType)), ("subject_id", .string(row.subjectID)),
            ("detail", .raw(validJSON(row.detail))),
        ])
    }

    /// A stored JSON column written as it is, when it parses; otherwise `empty`.
    static func validJSON(_ text: String?, empty: String = "{}") -> String {
        guard let text, (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) != nil else {
            return empty
        }
        return text
    }
}

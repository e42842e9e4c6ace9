import Foundation
import GRDB

// Plain structs, one per table, named for the table. JSON columns are kept as their text here
// and decoded by the methods that need them.

public struct UserRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "users"
    public var id: String
    public var email: String
    public var name: String
    public var passwordHash: String
    public var role: String
    public var disabledAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, email, name, role
        case passwordHash = "password_hash", disabledAt = "disabled_at"
        case createdAt = "created_at", updatedAt = "updated_at"
    }
}

public struct APITokenRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "api_tokens"
    public var id: String
    public var name: String
    public var tokenHash: String
    public var role: String
    public var userID: String?
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, name, role
        case tokenHash = "token_hash", userID = "user_id", createdAt = "created_at"
        case lastUsedAt = "last_used_at", revokedAt = "revoked_at"
    }
}

public struct JobRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "jobs"
    public var id: String
    public var company: String
    public var title: String
    public var location: String
    public var salaryRange: String
    public var employmentType: String
    public var description: String
    public var createdBy: String
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, company, title, location, description
        case salaryRange = "salary_range", employmentType = "employment_type"
        case createdBy = "created_by", createdAt = "created_at", updatedAt = "updated_at"
    }
}

public struct CampaignRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "campaigns"
    public var id: String
    public var name: String
    public var jobID: String
    public var ownerUserID: String?
    public var ownerTokenID: String?
    public var status: CampaignStatus
    public var statusReason: String?
    public var fromNumber: String
    public var timezone: String
    public var windowStartMinutes: Int
    public var windowEndMinutes: Int
    /// JSON array of day names.
    public var days: String
    public var maxAttempts: Int
    public var retryAfterMinutes: Int
    public var concurrency: Int?
    public var voiceID: String?
    public var createdAt: Date
    public var updatedAt: Date
    /// The safety auto-pause looks only at dials made after this (set when a campaign resumes).
    public var safetyWindowFrom: Date? = nil
    /// Dial only candidates with a consent basis (`ConsentBasis`).
    public var requireConsent = false

    enum CodingKeys: String, CodingKey {
        case id, name, status, timezone, days, concurrency
        case safetyWindowFrom = "safety_window_from", requireConsent = "require_consent"
        case jobID = "job_id", ownerUserID = "owner_user_id", ownerTokenID = "owner_token_id"
        case statusReason = "status_reason", fromNumber = "from_number"
        case windowStartMinutes = "window_start_minutes", windowEndMinutes = "window_end_minutes"
        case maxAttempts = "max_attempts", retryAfterMinutes = "retry_after_minutes", voiceID = "voice_id"
        case createdAt = "created_at", updatedAt = "updated_at"
    }
}

public struct CampaignQuestionRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "campaign_questions"
    public var id: String
    public var campaignID: String
    public var position: Int
    public var text: String

    enum CodingKeys: String, CodingKey {
        case id, position, text
        case campaignID = "campaign_id"
    }
}

public struct CampaignTargetRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "campaign_targets"
    public var id: String
    public var campaignID: String
    public var position: Int
    public var key: String
    public var name: String
    public var description: String
    public var goalType: String
    /// JSON array, or nil.
    public var choices: String?
    /// JSON object, or nil.
    public var knockout: String?

    enum CodingKeys: String, CodingKey {
        case id, position, key, name, description, choices, knockout
        case campaignID = "campaign_id", goalType = "goal_type"
    }
}

public struct CandidateRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "candidates"
    public var id: String
    public var fullName: String
    public var phone: String
    public var email: String?
    public var timezone: String?
    public var externalID: String?
    public var consent: String?
    public var source: String?
    /// JSON object of extra columns.
    public var attributes: String
    public var createdAt: Date
    public var updatedAt: Date
    /// When the person was erased: the row then holds only tombstone values (`ErasedPerson`).
    public var erasedAt: Date? = nil

    enum CodingKeys: String, CodingKey {
        case id, phone, email, timezone, consent, source, attributes
        case fullName = "full_name", externalID = "external_id"
        case createdAt = "created_at", updatedAt = "updated_at", erasedAt = "erased_at"
    }
}

public struct CampaignCandidateRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "campaign_candidates"
    public var id: String
    public var campaignID: String
    public var candidateID: String
    public var seq: Int
    public var batchID: String?
    public var status: CandidateStatus
    public var outcome: CandidateOutcome?
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var lastCallID: String?
    public var qualified: Bool?
    public var createdAt: Date
    public var updatedAt: Date
    /// When the candidate asked to be called back (UTC), from their last answered call.
    public var callbackAt: Date? = nil
    /// The recruiter's decision on the shortlist, their note, who made it and when.
    public var decision: ShortlistDecision? = nil
    public var decisionNote: String? = nil
    public var decidedBy: String? = nil
    public var decidedAt: Date? = nil

    enum CodingKeys: String, CodingKey {
        case id, seq, status, outcome, attempts, qualified, decision
        case campaignID = "campaign_id", candidateID = "candidate_id", batchID = "batch_id"
        case nextAttemptAt = "next_attempt_at", lastCallID = "last_call_id"
        case createdAt = "created_at", updatedAt = "updated_at"
        case callbackAt = "callback_at", decisionNote = "decision_note", decidedBy = "decided_by"
        case decidedAt = "decided_at"
    }

    /// The parts `CandidateLifecycle` moves.
    public var progress: CandidateProgress {
        get {
            CandidateProgress(status: status, outcome: outcome, attempts: attempts, nextAttemptAt: nextAttemptAt,
                              lastCallID: lastCallID, qualified: qualified)
        }
        set {
            status = newValue.status
            outcome = newValue.outcome
            attempts = newValue.attempts
            nextAttemptAt = newValue.nextAttemptAt
            lastCallID = newValue.lastCallID
            qualified = newValue.qualified
        }
    }
}

/// A batch: one run of calls through a campaign's candidates. The counters are always a recount
/// of its calls and its finished candidates (`recountBatch`).
public struct BatchRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "retell_batch_calls"
    public var id: String
    public var campaignID: String
    public var totalCandidates: Int
    public var completedCalls: Int
    public var failedCalls: Int
    /// Its candidates that are finished (`CandidateStatus.finished`), each counted once however
    /// many calls it took. A candidate that moves on to a newer batch unfinished counts there.
    public var finishedCandidates: Int
    public var status: BatchStatus
    public var statusReason: String?
    public var createdBy: String
    public var createdAt: Date
    public var startedAt: Date?
    public var completedAt: Date?
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, status
        case campaignID = "campaign_id", totalCandidates = "total_candidates", completedCalls = "completed_calls"
        case failedCalls = "failed_calls", finishedCandidates = "finished_candidates", statusReason = "status_reason", createdBy = "created_by"
        case createdAt = "created_at", startedAt = "started_at", completedAt = "completed_at", updatedAt = "updated_at"
    }
}

public struct DNCNumberRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "dnc_numbers"
    public var id: String
    public var phone: String
    public var reason: String
    public var source: DNCSource
    public var sourceCallID: String?
    public var createdBy: String
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, phone, reason, source
        case sourceCallID = "source_call_id", createdBy = "created_by", createdAt = "created_at"
    }
}

public struct AuditLogRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "audit_log"
    public var id: String
    public var at: Date
    public var actorType: String
    public var actorID: String?
    public var actorLabel: String
    public var action: String
    public var subjectType: String
    public var subjectID: String?
    /// JSON object.
    public var detail: String

    enum CodingKeys: String, CodingKey {
        case id, at, action, detail
        case actorType = "actor_type", actorID = "actor_id", actorLabel = "actor_label"
        case subjectType = "subject_type", subjectID = "subject_id"
    }
}

public struct RetellCallRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "retell_calls"
    public var id: String
    public var campaignID: String
    public var campaignCandidateID: String
    public var batchID: String?
    public var attempt: Int
    public var retellCallID: String?
    public var retellAgentID: String
    public var agentVersion: Int
    public var retellAgentVersion: Int?
    public var phoneNumber: String
    public var status: CallStatus
    public var disconnectionReason: String?
    public var durationSeconds: Int?
    public var costCents: Int?
    public var startedAt: Date?
    public var endedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date
    public var lastEventAt: Date?
    /// When the reconciler last asked Retell about this call.
    public var lastCheckedAt: Date?
    public var idempotencyKey: String
    public var lastError: String?
    /// Outbound (we dialled) or inbound (the candidate called the campaign number back).
    public var direction: CallDirection = .outbound

    enum CodingKeys: String, CodingKey {
        case id, attempt, direction
        case campaignID = "campaign_id", campaignCandidateID = "campaign_candidate_id", batchID = "batch_id"
        case retellCallID = "retell_call_id", retellAgentID = "retell_agent_id", agentVersion = "agent_version"
        case retellAgentVersion = "retell_agent_version", phoneNumber = "phone_number", status = "call_status"
        case disconnectionReason = "disconnection_reason", durationSeconds = "duration_seconds", costCents = "cost_cents"
        case startedAt = "started_at", endedAt = "ended_at", createdAt = "created_at", updatedAt = "updated_at"
        case lastEventAt = "last_event_at", lastCheckedAt = "last_checked_at"
        case idempotencyKey = "idempotency_key", lastError = "last_error"
    }
}

public struct CallAnalysisRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "retell_call_analysis"
    public var callID: String
    public var availableToWork: Bool?
    public var interested: Bool?
    public var knowReferee: Bool?
    public var optedOut: Bool?
    /// JSON object: target key → answer as it came (any JSON type).
    public var customResponses: String
    public var callSummary: String?
    public var sentimentScore: Double?
    public var userSentiment: String?
    public var callSuccessful: Bool?
    public var inVoicemail: Bool?
    /// The transcript as stored: deflated (`CompressedText`); read and set it through `transcript`.
    var storedTranscript: CompressedText?
    public var recordingURL: String?
    public var publicLogURL: String?
    /// JSON arrays of strings.
    public var nextSteps: String?
    public var objections: String?
    public var keyPoints: String?
    public var createdAt: Date
    public var updatedAt: Date
    /// The `callback_at` answer as Retell gave it (the candidate's local time, as text).
    public var callbackAt: String? = nil

    public var transcript: String? {
        get { storedTranscript?.text }
        set { storedTranscript = newValue.map(CompressedText.init) }
    }

    enum CodingKeys: String, CodingKey {
        case interested, objections
        case storedTranscript = "transcript"
        case callbackAt = "callback_at"
        case callID = "call_id", availableToWork = "available_to_work", knowReferee = "know_referee"
        case optedOut = "opted_out", customResponses = "custom_responses", callSummary = "call_summary"
        case sentimentScore = "sentiment_score", userSentiment = "user_sentiment", callSuccessful = "call_successful"
        case inVoicemail = "in_voicemail", recordingURL = "recording_url", publicLogURL = "public_log_url"
        case nextSteps = "next_steps", keyPoints = "key_points", createdAt = "created_at", updatedAt = "updated_at"
    }
}

public struct WebhookEventRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "webhook_events"
    public var id: String
    public var receivedAt: Date
    public var event: String?
    public var retellCallID: String?
    public var payload: Data
    public var signatureValid: Bool
    public var processedAt: Date?
    public var outcome: WebhookOutcome?
    public var error: String?
    /// The whole body's length and SHA-256 (hex) as received: for a rejected delivery, whose
    /// `payload` is only its first 4 KiB, and for signed ones since `v8_retention`.
    public var payloadBytes: Int?
    public var payloadSHA256: String?
    /// How `payload` is kept; read it through `body()`.
    public var payloadEncoding: PayloadEncoding = .identity

    enum CodingKeys: String, CodingKey {
        case id, event, payload, outcome, error
        case receivedAt = "received_at", retellCallID = "retell_call_id", signatureValid = "signature_valid"
        case processedAt = "processed_at", payloadBytes = "payload_bytes", payloadSHA256 = "payload_sha256"
        case payloadEncoding = "payload_encoding"
    }
}

public struct CallRecordingRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "call_recordings"
    public var callID: String
    public var status: RecordingStatus
    /// The file's name inside `recordings_dir` (never a path from outside).
    public var fileName: String?
    /// Which key encrypted the file (see the recordings cipher).
    public var keyID: String?
    /// Size of the decrypted recording.
    public var bytes: Int?
    public var contentType: String?
    public var error: String?
    public var storedAt: Date?
    public var deletedAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case status, bytes, error
        case callID = "call_id", fileName = "file_name", keyID = "key_id", contentType = "content_type"
        case storedAt = "stored_at", deletedAt = "deleted_at", createdAt = "created_at", updatedAt = "updated_at"
    }
}

public struct WorkItemRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "work_items"
    public var id: String
    public var kind: WorkKind
    public var subject: String
    public var attempts: Int
    public var dueAt: Date
    public var lastError: String?
    public var createdAt: Date
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, kind, subject, attempts
        case dueAt = "due_at", lastError = "last_error", createdAt = "created_at", updatedAt = "updated_at"
    }
}

import Foundation

/// How a simulated call turns out; drawn from `OutcomeWeights` with the seeded generator.
public enum SimulatedOutcome: String, Sendable, CaseIterable, Codable {
    case answered
    case voicemail
    case noAnswer
    case busy
    case invalidNumber
    case optOut
    /// The candidate asks to be called back at another time (Retell's `user_requested_callback`,
    /// with a `callback_at` answer). Not a weight of its own: one answered call in twelve ends so.
    case callbackRequested

    /// Whether the call connects (and so gets a `call_started` webhook).
    public var connects: Bool {
        switch self {
        case .answered, .voicemail, .optOut, .callbackRequested: true
        case .noAnswer, .busy, .invalidNumber: false
        }
    }
}

/// A webhook event the simulator sends.
public enum SimulatedEvent: String, Sendable, CaseIterable {
    case callStarted = "call_started"
    case callEnded = "call_ended"
    case callAnalyzed = "call_analyzed"
}

/// What a test or the demo can read back about every call the simulator created.
public struct SimulatedCallRecord: Sendable, Equatable {
    public var callID: String
    public var agentID: String
    public var fromNumber: String
    public var toNumber: String
    /// The call's `metadata`, string values as they are and other values as compact JSON text.
    public var metadata: [String: String]
    public var outcome: SimulatedOutcome
    /// `registered`, `ongoing`, `ended` or `not_connected`.
    public var status: String
    public var disconnectionReason: String?
    /// Whether `call_analyzed` has happened.
    public var analyzed: Bool
    /// Times from the simulator's clock, in ms since the epoch.
    public var createdMS: Int64
    public var startedMS: Int64?
    public var endedMS: Int64?
    /// The simulated length of the conversation (what Retell would report and bill).
    public var durationMS: Int64?
    /// `outbound` or `inbound`.
    public var direction: String = "outbound"
}

/// A script for one of the next calls created, set with `RetellSimulator.script(_:)`: lets tests
/// force an outcome and lose webhooks without touching the seeded draw of later calls.
public struct CallScript: Sendable, Equatable {
    /// The outcome to use instead of the seeded one (nil: seeded).
    public var outcome: SimulatedOutcome?
    /// Events that are never delivered for this call (the call itself still plays out).
    public var dropEvents: Set<SimulatedEvent>

    public init(outcome: SimulatedOutcome? = nil, dropEvents: Set<SimulatedEvent> = []) {
        self.outcome = outcome
        self.dropEvents = dropEvents
    }
}

/// A Retell LLM as stored: its id, version and every config field it was given.
struct StoredLLM: Sendable {
    var id: String
    var version: Int
    var modifiedMS: Int64
    /// The config fields exactly as created/updated (an object).
    var fields: JSONValue
}

/// An agent as stored.
struct StoredAgent: Sendable {
    var id: String
    var version: Int
    var modifiedMS: Int64
    var fields: JSONValue

    var name: String? { fields["agent_name"]?.stringValue }
    var webhookURL: String? { fields["webhook_url"]?.stringValue }
    var llmID: String? { fields["response_engine"]?["llm_id"]?.stringValue }
    var maxCallDurationMS: Int64 { fields["max_call_duration_ms"]?.int64Value ?? 3_600_000 }
    var analysisFields: [JSONValue] { fields["post_call_analysis_data"]?.arrayValue ?? [] }

    /// The events this agent subscribes to (Retell's default is started, ended, analyzed).
    var webhookEvents: Set<SimulatedEvent> {
        guard let names = fields["webhook_events"]?.arrayValue else { return Set(SimulatedEvent.allCases) }
        return Set(names.compactMap { $0.stringValue.flatMap(SimulatedEvent.init(rawValue:)) })
    }
}

/// A phone call as stored and updated while it plays out.
struct StoredCall: Sendable {
    var id: String
    var sequence: UInt64
    var agentID: String
    var agentVersion: Int
    var agentName: String?
    var fromNumber: String
    var toNumber: String
    var metadata: JSONValue?
    var dynamicVariables: JSONValue?
    var customSIPHeaders: JSONValue?
    var createdMS: Int64
    var status = "registered"
    var startMS: Int64?
    var endMS: Int64?
    var analyzed = false
    var webhookURL: String?
    var webhookEvents: Set<SimulatedEvent>
    var dropEvents: Set<SimulatedEvent>
    /// Everything the seeded generator decided for this call, fixed at creation.
    var plan: CallPlan
    /// `outbound` (create-phone-call) or `inbound` (someone called one of our numbers).
    var direction = "outbound"

    var inFlight: Bool { status == "registered" || status == "ongoing" }

    var record: SimulatedCallRecord {
        var flat: [String: String] = [:]
        for field in metadata?.objectFields ?? [] {
            flat[field.key] = field.value.stringValue ?? String(decoding: field.value.bytes, as: UTF8.self)
        }
        return SimulatedCallRecord(
            callID: id, agentID: agentID, fromNumber: fromNumber, toNumber: toNumber, metadata: flat,
            outcome: plan.outcome, status: status, disconnectionReason: endMS == nil ? nil : plan.disconnectionReason,
            analyzed: analyzed, createdMS: createdMS, startedMS: startMS, endedMS: endMS,
            durationMS: endMS == nil ? nil : plan.durationMS, direction: direction)
    }
}

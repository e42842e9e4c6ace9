import Foundation

/// Renders a stored call as Retell's call object, in Retell's key order. What it holds depends on
/// where the call is: registered calls have no timestamps, ended calls have transcript, URLs and
/// cost, and `call_analysis` only appears once the call is analyzed (and never in `call_ended`).
struct CallObjectRenderer: Sendable {
    /// The simulator's public base URL, without a trailing slash.
    var baseURL: String
    /// Signs `recording_url` and `public_log_url` (Retell's `opt_in_signed_url`).
    var signer: SignedFileURL

    enum Detail {
        /// get-call and webhooks: everything.
        case full
        /// list-calls items: no transcript fields.
        case listItem
        /// `call_ended` webhook: everything but `call_analysis`.
        case withoutAnalysis
    }

    func render(_ call: StoredCall, _ detail: Detail = .full) -> JSONValue {
        let ended = call.endMS != nil
        let plan = call.plan
        let connected = plan.outcome.connects
        var fields: [JSONValue.Field] = []
        func add(_ key: String, _ value: JSONValue?) {
            if let value { fields.append(.init(key: key, value: value)) }
        }
        add("call_id", .string(call.id))
        add("call_type", .string("phone_call"))
        add("agent_id", .string(call.agentID))
        add("agent_version", .int(Int64(call.agentVersion)))
        add("agent_name", call.agentName.map(JSONValue.string))
        add("direction", .string(call.direction))
        add("from_number", .string(call.fromNumber))
        add("to_number", .string(call.toNumber))
        add("call_status", .string(call.status))
        add("start_timestamp", call.startMS.map(JSONValue.int))
        add("end_timestamp", call.endMS.map(JSONValue.int))
        if ended, connected { add("duration_ms", plan.durationMS.map(JSONValue.int)) }
        add("metadata", call.metadata)
        add("retell_llm_dynamic_variables", call.dynamicVariables)
        add("custom_sip_headers", call.customSIPHeaders)
        add("data_storage_setting", .string("everything"))
        add("opt_in_signed_url", .bool(true))
        if ended {
            add("disconnection_reason", .string(plan.disconnectionReason))
            if detail != .listItem, connected {
                add("transcript", .string(TranscriptFaker.text(plan.transcript)))
                add("transcript_object", .array(plan.transcript.map(Self.turn)))
                add("transcript_with_tool_calls", .array(plan.transcript.map(Self.turn)))
            }
            if connected {
                add("recording_url", .string(signer.url(base: baseURL, path: "/recordings/\(call.id).wav")))
                add("public_log_url", .string(signer.url(base: baseURL, path: "/logs/\(call.id).txt")))
            }
            add("call_cost", CallPlanner.cost(durationMS: plan.durationMS))
        }
        if call.analyzed, detail != .withoutAnalysis {
            add("call_analysis", plan.analysis)
        }
        return .object(fields)
    }

    /// The webhook body `{"event": …, "call": …}`.
    func webhookBody(_ event: SimulatedEvent, _ call: StoredCall) -> JSONValue {
        let detail: Detail = event == .callAnalyzed ? .full : .withoutAnalysis
        return .object(["event": .string(event.rawValue), "call": render(call, detail)])
    }

    private static func turn(_ turn: TranscriptTurn) -> JSONValue {
        .object([
            "role": .string(turn.role),
            "content": .string(turn.content),
            "words": .array(turn.words.map {
                .object(["word": .string($0.word), "start": .double($0.start), "end": .double($0.end)])
            }),
        ])
    }
}

import Foundation

/// Everything the simulator knows: LLMs, agents, calls, idempotency keys and the concurrency
/// count. One actor, so a create-phone-call checks the limit and registers the call atomically.
actor SimulatorState {
    static let idempotencyWindowMS: Int64 = 3_600_000

    private let configuration: SimulatorConfiguration
    private let clock: @Sendable () -> Int64
    private var llms: [String: StoredLLM] = [:]
    private var agents: [String: StoredAgent] = [:]
    private var calls: [String: StoredCall] = [:]
    private var callOrder: [String] = []
    private var idempotency: [String: (callID: String, atMS: Int64)] = [:]
    private var nextSequence: UInt64 = 0
    private var scripts: [CallScript] = []
    private(set) var maxConcurrentObserved = 0
    /// How many create-phone-call requests were answered 429 for the concurrency limit.
    private(set) var concurrencyRefusals = 0
    /// Where the webhooks of calls created from now on go, whatever their agent says.
    private var webhookURLOverride: String?

    init(configuration: SimulatorConfiguration, clock: @escaping @Sendable () -> Int64) {
        self.configuration = configuration
        self.clock = clock
        self.webhookURLOverride = configuration.webhookURLOverride
        self.inboundWebhookURL = configuration.inboundWebhookURL
    }

    func redirectWebhooks(to url: String?) { webhookURLOverride = url }

    /// Where inbound calls ask which agent answers (`SimulatorConfiguration.inboundWebhookURL`).
    private(set) var inboundWebhookURL: String?

    func redirectInboundWebhook(to url: String?) { inboundWebhookURL = url }

    // MARK: LLMs and agents

    func createLLM(_ fields: JSONValue) throws -> StoredLLM {
        try AgentValidation.validateLLM(fields)
        let llm = StoredLLM(id: SimulatorIDs.make("llm"), version: 0, modifiedMS: clock(), fields: fields)
        llms[llm.id] = llm
        return llm
    }

    func llm(_ id: String) throws -> StoredLLM {
        guard let llm = llms[id] else { throw SimulatorError.unknownAsset }
        return llm
    }

    func updateLLM(_ id: String, patch: JSONValue) throws -> StoredLLM {
        let llm = try patched(llms[id], with: patch, validate: AgentValidation.validateLLM)
        llms[id] = llm
        return llm
    }

    func createAgent(_ fields: JSONValue) throws -> StoredAgent {
        try AgentValidation.validateAgent(fields) { llms[$0] != nil }
        let agent = StoredAgent(id: SimulatorIDs.make("agent"), version: 0, modifiedMS: clock(), fields: fields)
        agents[agent.id] = agent
        return agent
    }

    func agent(_ id: String) throws -> StoredAgent {
        guard let agent = agents[id] else { throw SimulatorError.unknownAsset }
        return agent
    }

    func updateAgent(_ id: String, patch: JSONValue) throws -> StoredAgent {
        let agent = try patched(agents[id], with: patch) { fields in
            try AgentValidation.validateAgent(fields) { llms[$0] != nil }
        }
        agents[id] = agent
        return agent
    }

    /// `stored` with `patch` merged into its fields once `validate` accepts them, one version on and
    /// modified now; an unknown asset (nil) is Retell's 422.
    private func patched<Asset: StoredAsset>(
        _ stored: Asset?, with patch: JSONValue, validate: (JSONValue) throws -> Void
    ) throws -> Asset {
        guard var asset = stored else { throw SimulatorError.unknownAsset }
        let merged = Self.merge(asset.fields, patch)
        try validate(merged)
        asset.fields = merged
        asset.version += 1
        asset.modifiedMS = clock()
        return asset
    }

    /// `base` with each top-level key of `patch` replaced (a `null` clears it).
    private static func merge(_ base: JSONValue, _ patch: JSONValue) -> JSONValue {
        (patch.objectFields ?? []).reduce(base) { $0.setting($1.key, $1.value == .null ? nil : $1.value) }
    }

    // MARK: Calls

    /// Creates the call, or returns the one made with the same idempotency key within the hour
    /// (`created` false). Throws 422 for an unknown agent and 429 when the limit is reached.
    func createCall(_ request: PhoneCallRequest) throws -> (call: StoredCall, created: Bool) {
        let now = clock()
        guard let agent = agents[request.agentID] else { throw SimulatorError.unknownAsset }
        if let key = request.idempotencyKey, let previous = idempotency[key],
           now - previous.atMS < Self.idempotencyWindowMS, let call = calls[previous.callID] {
            return (call, false)
        }
        let call = try makeCall(CallSetup(
            agent: agent, direction: "outbound", fromNumber: request.fromNumber, toNumber: request.toNumber,
            metadata: request.metadata, dynamicVariables: request.dynamicVariables,
            customSIPHeaders: request.customSIPHeaders, overrides: request.agentOverride, defaultOutcome: nil))
        if let key = request.idempotencyKey { idempotency[key] = (call.id, now) }
        return (call, true)
    }

    /// A call someone makes to one of our numbers, taken by `agentID` (the override the number's
    /// inbound webhook answered). The caller is on the line: it is answered unless a script says
    /// otherwise. Throws 422 for an unknown agent and 429 when the limit is reached.
    func createInboundCall(
        agentID: String, fromNumber: String, toNumber: String, metadata: JSONValue?, dynamicVariables: JSONValue?
    ) throws -> StoredCall {
        guard let agent = agents[agentID] else { throw SimulatorError.unknownAsset }
        return try makeCall(CallSetup(
            agent: agent, direction: "inbound", fromNumber: fromNumber, toNumber: toNumber, metadata: metadata,
            dynamicVariables: dynamicVariables, customSIPHeaders: nil, overrides: nil, defaultOutcome: .answered))
    }

    /// What a new call is made of, whichever way it goes.
    private struct CallSetup {
        var agent: StoredAgent
        var direction: String
        var fromNumber: String
        var toNumber: String
        var metadata: JSONValue?
        var dynamicVariables: JSONValue?
        var customSIPHeaders: JSONValue?
        /// `agent_override` of create-phone-call.
        var overrides: JSONValue?
        /// The outcome when no script forces one (nil: the seeded draw).
        var defaultOutcome: SimulatedOutcome?
    }

    /// Checks the concurrency limit, plans the call from the seeded draw (or its script) and stores it.
    private func makeCall(_ setup: CallSetup) throws -> StoredCall {
        let now = clock()
        let agent = setup.agent
        let inFlight = inFlightCount
        guard inFlight < configuration.concurrencyLimit else {
            concurrencyRefusals += 1
            throw SimulatorError.rateLimited(retryAfterSeconds: 1)
        }
        let script = scripts.isEmpty ? CallScript() : scripts.removeFirst()
        let overrides = setup.overrides?["agent"]
        let analysisFields = overrides?["post_call_analysis_data"]?.arrayValue ?? agent.analysisFields
        let llm = agent.llmID.flatMap { llms[$0] }
        let override = setup.overrides?["retell_llm"]
        var variables: [String: String] = [:]
        for field in llm?.fields["default_dynamic_variables"]?.objectFields ?? [] { variables[field.key] = field.value.stringValue }
        for field in setup.dynamicVariables?.objectFields ?? [] { variables[field.key] = field.value.stringValue }
        let plan = CallPlanner.plan(PlanInputs(
            seed: configuration.seed, sequence: nextSequence, weights: configuration.outcomes,
            forcedOutcome: script.outcome ?? setup.defaultOutcome, analysisFields: analysisFields,
            maxCallDurationMS: overrides?["max_call_duration_ms"]?.int64Value ?? agent.maxCallDurationMS,
            generalPrompt: llm?.fields["general_prompt"]?.stringValue,
            beginMessage: override?["begin_message"]?.stringValue ?? llm?.fields["begin_message"]?.stringValue,
            dynamicVariables: variables, createdMS: now, speedup: configuration.speedup))
        let events = overrides?["webhook_events"]?.arrayValue.map {
            Set($0.compactMap { $0.stringValue.flatMap(SimulatedEvent.init(rawValue:)) })
        } ?? agent.webhookEvents
        let call = StoredCall(
            id: SimulatorIDs.make("call"), sequence: nextSequence, agentID: agent.id, agentVersion: agent.version,
            agentName: agent.name, fromNumber: setup.fromNumber, toNumber: setup.toNumber,
            metadata: setup.metadata, dynamicVariables: setup.dynamicVariables,
            customSIPHeaders: setup.customSIPHeaders, createdMS: now,
            webhookURL: webhookURLOverride ?? overrides?["webhook_url"]?.stringValue ?? agent.webhookURL,
            webhookEvents: events, dropEvents: script.dropEvents, plan: plan, direction: setup.direction)
        nextSequence += 1
        calls[call.id] = call
        callOrder.append(call.id)
        maxConcurrentObserved = max(maxConcurrentObserved, inFlight + 1)
        return call
    }

    func call(_ id: String) throws -> StoredCall {
        guard let call = calls[id] else { throw SimulatorError.unknownAsset }
        return call
    }

    /// Forgets a call that is no longer on the line, as Retell's delete-call does: 422 for an
    /// unknown (or already deleted) id, 400 while the call is still in flight.
    func deleteCall(_ id: String) throws {
        guard let call = calls[id] else { throw SimulatorError.unknownAsset }
        guard !call.inFlight else { throw SimulatorError.badRequest("The call is still ongoing.") }
        calls[id] = nil
        callOrder.removeAll { $0 == id }
        deletedCallIDs.append(id)
    }

    /// The ids delete-call removed, in order (for tests).
    private(set) var deletedCallIDs: [String] = []

    /// A stored call by id, or nil (for the public file routes).
    func existingCall(_ id: String) -> StoredCall? { calls[id] }

    /// Every call in creation order.
    var allCalls: [StoredCall] { callOrder.compactMap { calls[$0] } }

    var inFlightCount: Int { calls.values.count { $0.inFlight } }

    func script(_ next: [CallScript]) { scripts.append(contentsOf: next) }

    // MARK: Playback transitions

    /// The call connects: `ongoing` with its start time.
    func markStarted(_ id: String) -> StoredCall? {
        guard var call = calls[id], call.status == "registered" else { return nil }
        call.status = "ongoing"
        call.startMS = clock()
        calls[id] = call
        return call
    }

    /// The call ends (`ended`) or gives up (`not_connected`, with the dial time as its start).
    func markEnded(_ id: String) -> StoredCall? {
        guard var call = calls[id], call.inFlight else { return nil }
        call.status = call.plan.endStatus
        if call.startMS == nil { call.startMS = call.createdMS }
        call.endMS = max(clock(), call.startMS ?? 0)
        calls[id] = call
        return call
    }

    func markAnalyzed(_ id: String) -> StoredCall? {
        guard var call = calls[id], call.endMS != nil else { return nil }
        call.analyzed = true
        calls[id] = call
        return call
    }
}

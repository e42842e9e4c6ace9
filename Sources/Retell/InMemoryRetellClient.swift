import Foundation

/// A `RetellClient` kept in memory, for tests of the code above the client. It behaves like Retell
/// where Shortlist relies on it: ids `llm_<n>`, `agent_<n>`, `call_<n>`; versions start at 0 and
/// each update adds one; unknown ids are a 422 with Retell's message; an `idempotency_key` seen in
/// the last hour returns the same call; `listCalls` filters, sorts and pages like list-calls.
///
/// Tests script failures (`failNext`), plant calls (`setCall`) and read what was asked
/// (`requests`, `createdCalls`).
public actor InMemoryRetellClient: RetellClient {
    /// One request as the twin received it.
    public enum RecordedRequest: Sendable, Equatable {
        case createRetellLLM(RetellLLMRequest)
        case getRetellLLM(id: String)
        case updateRetellLLM(id: String, RetellLLMRequest)
        case createAgent(AgentRequest)
        case getAgent(id: String)
        case updateAgent(id: String, AgentRequest)
        case createPhoneCall(CreatePhoneCallRequest)
        case getCall(id: String)
        case listCalls(ListCallsRequest)
        case getConcurrency
        case deleteCall(id: String)

        public var method: RetellMethod {
            switch self {
            case .createRetellLLM: .createRetellLLM
            case .getRetellLLM: .getRetellLLM
            case .updateRetellLLM: .updateRetellLLM
            case .createAgent: .createAgent
            case .getAgent: .getAgent
            case .updateAgent: .updateAgent
            case .createPhoneCall: .createPhoneCall
            case .getCall: .getCall
            case .listCalls: .listCalls
            case .getConcurrency: .getConcurrency
            case .deleteCall: .deleteCall
            }
        }
    }

    struct ScriptedFailure {
        var error: RetellError
        var afterApplying: Bool
    }

    /// Every request received, in order, including those answered with a scripted failure.
    public private(set) var requests: [RecordedRequest] = []
    /// The create-phone-call requests that created a call (a repeat of a known idempotency key
    /// creates none, so this counts the calls Retell would have placed).
    public internal(set) var createdCalls: [CreatePhoneCallRequest] = []
    /// The ids of the calls `deleteCall` deleted, in order.
    public internal(set) var deletedCalls: [String] = []

    var llms: [String: RetellLLM] = [:]
    var agents: [String: Agent] = [:]
    var calls: [String: Call] = [:]
    var callOrder: [String] = []
    var idempotencyKeys: [String: (callID: String, at: Int64)] = [:]
    var nextID: [String: Int] = [:]
    var failures: [RetellMethod: [ScriptedFailure]] = [:]
    var fixedConcurrency: Concurrency?
    let concurrencyLimit: Int
    /// Used when a call has no `override_agent_id` (Retell would use the number's outbound agent).
    let outboundAgentID: String
    let now: @Sendable () -> Int64

    /// - Parameters:
    ///   - now: the clock in milliseconds since the epoch (timestamps, the idempotency hour).
    ///   - concurrencyLimit: what `getConcurrency` reports as the limit.
    public init(
        now: @escaping @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1000).rounded()) },
        concurrencyLimit: Int = 20,
        outboundAgentID: String = "agent_outbound"
    ) {
        self.now = now
        self.concurrencyLimit = concurrencyLimit
        self.outboundAgentID = outboundAgentID
    }

    // MARK: - Scripting

    /// The next `method` request is answered with `error` (queued: call it again for the one after).
    /// With `afterApplying`, the request takes effect first and only its answer is lost, like a
    /// create-phone-call whose response times out after Retell placed the call.
    public func failNext(_ method: RetellMethod, with error: RetellError, afterApplying: Bool = false) {
        failures[method, default: []].append(ScriptedFailure(error: error, afterApplying: afterApplying))
    }

    /// `failNext` by method name (`"createPhoneCall"`, `"getCall"`, …, as in `RetellMethod`).
    public func failNext(_ method: String, with error: RetellError, afterApplying: Bool = false) {
        guard let known = RetellMethod(rawValue: method) else {
            preconditionFailure("InMemoryRetellClient has no method \"\(method)\"")
        }
        failNext(known, with: error, afterApplying: afterApplying)
    }

    /// Adds or replaces a call (by `callID`), e.g. to move it to `ended` with an analysis.
    public func setCall(_ call: Call) {
        if calls[call.callID] == nil { callOrder.append(call.callID) }
        calls[call.callID] = call
    }

    /// Changes a stored call in place; nil when there is no such call.
    @discardableResult
    public func updateCall(id: String, _ change: @Sendable (inout Call) -> Void) -> Call? {
        guard var call = calls[id] else { return nil }
        change(&call)
        calls[id] = call
        return call
    }

    /// What `getConcurrency` answers from now on; nil counts registered and ongoing calls again.
    public func setConcurrency(_ concurrency: Concurrency?) {
        fixedConcurrency = concurrency
    }

    // MARK: - Reading the state

    public func llm(id: String) -> RetellLLM? { llms[id] }
    public func agent(id: String) -> Agent? { agents[id] }
    public func call(id: String) -> Call? { calls[id] }
    /// Every call, in the order it was created or planted.
    public var allCalls: [Call] { callOrder.compactMap { calls[$0] } }
    public func requests(for method: RetellMethod) -> [RecordedRequest] {
        requests.filter { $0.method == method }
    }

    // MARK: - Plumbing

    /// Logs `request`, applies a scripted failure if one is queued, else answers with `body`.
    func handle<T>(_ request: RecordedRequest, _ body: () throws(RetellError) -> T) throws(RetellError) -> T {
        requests.append(request)
        guard var queue = failures[request.method], !queue.isEmpty else { return try body() }
        let failure = queue.removeFirst()
        failures[request.method] = queue
        if failure.afterApplying { _ = try? body() }
        throw failure.error
    }

    func makeID(_ prefix: String) -> String {
        let next = nextID[prefix, default: 0] + 1
        nextID[prefix] = next
        return "\(prefix)_\(next)"
    }

    static let unknownID = RetellError.http(422, "Cannot find requested asset under given api key.")
    static let badRequest = RetellError.http(400, "Invalid request format, please check API reference.")
}

// MARK: - LLMs and agents

extension InMemoryRetellClient {
    public func createRetellLLM(_ request: RetellLLMRequest) throws -> RetellLLM {
        try handle(.createRetellLLM(request)) { () throws(RetellError) in
            let llm = RetellLLM(llmID: makeID("llm"), version: 0, isPublished: false,
                                lastModificationTimestamp: now()).applying(request)
            llms[llm.llmID] = llm
            return llm
        }
    }

    public func getRetellLLM(id: String) throws -> RetellLLM {
        try handle(.getRetellLLM(id: id)) { () throws(RetellError) in
            guard let llm = llms[id] else { throw Self.unknownID }
            return llm
        }
    }

    public func updateRetellLLM(id: String, _ request: RetellLLMRequest) throws -> RetellLLM {
        try handle(.updateRetellLLM(id: id, request)) { () throws(RetellError) in
            guard let current = llms[id] else { throw Self.unknownID }
            var llm = current.applying(request)
            llm.version = (current.version ?? 0) + 1
            llm.lastModificationTimestamp = now()
            llms[id] = llm
            return llm
        }
    }

    public func createAgent(_ request: AgentRequest) throws -> Agent {
        try handle(.createAgent(request)) { () throws(RetellError) in
            guard request.responseEngine != nil, request.voiceID != nil else { throw Self.badRequest }
            let agent = Agent(agentID: makeID("agent"), version: 0, isPublished: false,
                              lastModificationTimestamp: now()).applying(request)
            agents[agent.agentID] = agent
            return agent
        }
    }

    public func getAgent(id: String) throws -> Agent {
        try handle(.getAgent(id: id)) { () throws(RetellError) in
            guard let agent = agents[id] else { throw Self.unknownID }
            return agent
        }
    }

    public func updateAgent(id: String, _ request: AgentRequest) throws -> Agent {
        try handle(.updateAgent(id: id, request)) { () throws(RetellError) in
            guard let current = agents[id] else { throw Self.unknownID }
            var agent = current.applying(request)
            agent.version = (current.version ?? 0) + 1
            agent.lastModificationTimestamp = now()
            agents[id] = agent
            return agent
        }
    }

    public func getConcurrency() throws -> Concurrency {
        try handle(.getConcurrency) { () throws(RetellError) in
            if let fixedConcurrency { return fixedConcurrency }
            let live = calls.values.filter { $0.status == .registered || $0.status == .ongoing }.count
            return Concurrency(currentConcurrency: live, concurrencyLimit: concurrencyLimit,
                               baseConcurrency: concurrencyLimit, purchasedConcurrency: 0)
        }
    }
}

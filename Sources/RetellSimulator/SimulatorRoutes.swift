import Foundation
import Hummingbird

/// The route table: Retell's paths, methods and status codes (API.md §1), plus the recording
/// and log files that `recording_url` and `public_log_url` point at.
struct SimulatorRoutes: Sendable {
    static let maxBodyBytes = 1 << 20
    static let recording = Wav.tone(seconds: 1)

    let state: SimulatorState
    let configuration: SimulatorConfiguration
    let renderer: @Sendable () -> CallObjectRenderer
    /// Starts a created call's playback in the simulator's task group.
    let startPlayback: @Sendable (StoredCall) -> Void
    /// Someone calls one of our numbers (`POST /sim/inbound`, the simulator's own).
    let placeInbound: @Sendable (_ from: String, _ to: String) async throws -> InboundCallResult
    /// Checks the signed addresses of recordings and logs.
    let signer: SignedFileURL

    func register(on router: Router<BasicRequestContext>) {
        router.add(middleware: ErrorBodyMiddleware())
        router.add(middleware: BearerAuthMiddleware(apiKey: configuration.apiKey))
        agentRoutes(router)
        callRoutes(router)
        fileRoutes(router)
    }

    /// LLMs and agents.
    private func agentRoutes(_ router: Router<BasicRequestContext>) {
        router.post("/create-retell-llm") { request, _ in
            let llm = try await state.createLLM(try await Self.body(request, required: true))
            return JSONResponse.make(.created, Self.render(llm))
        }
        router.get("/get-retell-llm/{id}") { _, context in
            JSONResponse.make(.ok, Self.render(try await state.llm(try Self.id(context))))
        }
        router.patch("/update-retell-llm/{id}") { request, context in
            let llm = try await state.updateLLM(try Self.id(context), patch: try await Self.body(request, required: true))
            return JSONResponse.make(.ok, Self.render(llm))
        }
        router.post("/create-agent") { request, _ in
            let agent = try await state.createAgent(try await Self.body(request, required: true))
            return JSONResponse.make(.created, Self.render(agent))
        }
        router.get("/get-agent/{id}") { _, context in
            JSONResponse.make(.ok, Self.render(try await state.agent(try Self.id(context))))
        }
        router.patch("/update-agent/{id}") { request, context in
            let agent = try await state.updateAgent(try Self.id(context), patch: try await Self.body(request, required: true))
            return JSONResponse.make(.ok, Self.render(agent))
        }
    }

    /// Calls and concurrency.
    private func callRoutes(_ router: Router<BasicRequestContext>) {
        router.post("/v2/create-phone-call") { request, _ in
            let parsed = try PhoneCallRequest(body: try await Self.body(request, required: true))
            let (call, created) = try await state.createCall(parsed)
            if created { startPlayback(call) }
            return JSONResponse.make(.created, renderer().render(call))
        }
        router.get("/v2/get-call/{id}") { _, context in
            JSONResponse.make(.ok, renderer().render(try await state.call(try Self.id(context))))
        }
        router.delete("/v2/delete-call/{id}") { _, context in
            try await state.deleteCall(try Self.id(context))
            return Response(status: .noContent)
        }
        router.post("/v3/list-calls") { request, _ in
            let query = try ListCallsQuery(body: try await Self.body(request, required: false))
            return JSONResponse.make(.ok, try await CallListing.page(query, calls: state.allCalls, renderer: renderer()))
        }
        router.get("/get-concurrency") { _, _ in
            JSONResponse.make(.ok, await concurrency())
        }
        // Not Retell's: places an inbound call, `{"from_number","to_number"}` → the call's id (null
        // when the inbound webhook named no agent) and the webhook's status.
        router.post("/sim/inbound") { request, _ in
            let body = try await Self.body(request, required: true)
            guard let from = body["from_number"]?.stringValue, let to = body["to_number"]?.stringValue else {
                throw SimulatorError.badRequest("from_number and to_number are required strings.")
            }
            let result = try await placeInbound(from, to)
            return JSONResponse.make(.created, .object([
                "call_id": result.callID.map(JSONValue.string) ?? .null,
                "webhook_status": result.webhookStatus.map { .int(Int64($0)) } ?? .null,
            ]))
        }
    }

    /// The files behind `recording_url` and `public_log_url` (no API key, like storage URLs, but
    /// signed: a missing or wrong signature or an expired one is 403).
    private func fileRoutes(_ router: Router<BasicRequestContext>) {
        router.get("/recordings/{file}") { request, context in
            try checkSignature(request)
            _ = try await fileCall(context, suffix: ".wav")
            return Response(status: .ok, headers: [.contentType: "audio/wav"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: Self.recording)))
        }
        router.get("/logs/{file}") { request, context in
            try checkSignature(request)
            let call = try await fileCall(context, suffix: ".txt")
            let text = "call_id: \(call.id)\nagent_id: \(call.agentID)\n\n" + TranscriptFaker.text(call.plan.transcript)
            return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
    }

    private func concurrency() async -> JSONValue {
        let current = await state.inFlightCount
        let limit = Int64(configuration.concurrencyLimit)
        return .object([
            "current_concurrency": .int(Int64(current)),
            "concurrency_limit": .int(limit),
            "base_concurrency": .int(limit),
            "purchased_concurrency": .int(0),
            "concurrency_purchase_limit": .int(100),
            "remaining_purchase_limit": .int(100),
            "concurrency_burst_enabled": .bool(false),
            "concurrency_burst_limit": .int(0),
            "reserved_inbound_concurrency": .int(0),
        ])
    }

    private func checkSignature(_ request: Request) throws {
        let query = request.uri.queryParameters
        let check = signer.check(
            path: request.uri.path, expires: query.get("expires").map { String($0) }, signature: query.get("signature").map { String($0) })
        switch check {
        case .valid: return
        case .forged: throw SimulatorError.forbidden("The signature of this address is missing or wrong.")
        case .expired: throw SimulatorError.forbidden("This signed address has expired.")
        }
    }

    /// The ended, connected call a recording or log file name (`<call_id><suffix>`) refers to; 404 otherwise.
    private func fileCall(_ context: BasicRequestContext, suffix: String) async throws -> StoredCall {
        guard let file = context.parameters.get("file"), file.hasSuffix(suffix),
              let call = await state.existingCall(String(file.dropLast(suffix.count))),
              call.endMS != nil, call.plan.outcome.connects
        else { throw SimulatorError.notFound }
        return call
    }

    // MARK: - Helpers

    private static func id(_ context: BasicRequestContext) throws -> String {
        guard let id = context.parameters.get("id"), !id.isEmpty else { throw SimulatorError.unknownAsset }
        return id
    }

    /// The JSON body; `required` bodies must be a JSON object, optional ones may be empty.
    private static func body(_ request: Request, required: Bool) async throws -> JSONValue {
        var request = request
        let buffer = try await request.collectBody(upTo: maxBodyBytes)
        if buffer.readableBytes == 0, !required { return .object([]) }
        guard let value = JSONValue.parse(buffer.readableBytesView) else { throw SimulatorError.invalidFormat }
        return try AgentValidation.object(value)
    }

    private static func render(_ llm: StoredLLM) -> JSONValue {
        let head: JSONValue = .object([
            "llm_id": .string(llm.id), "version": .int(Int64(llm.version)), "is_published": .bool(false),
            "last_modification_timestamp": .int(llm.modifiedMS),
        ])
        return .object((head.objectFields ?? []) + (llm.fields.removing(["llm_id", "version"]).objectFields ?? []))
    }

    private static func render(_ agent: StoredAgent) -> JSONValue {
        let head: JSONValue = .object([
            "agent_id": .string(agent.id), "version": .int(Int64(agent.version)), "is_published": .bool(false),
            "last_modification_timestamp": .int(agent.modifiedMS),
        ])
        return .object((head.objectFields ?? []) + (agent.fields.removing(["agent_id", "version"]).objectFields ?? []))
    }
}

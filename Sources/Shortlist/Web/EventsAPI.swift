import Foundation
import Hummingbird
import HTTPTypes
import ServiceLifecycle

/// `GET /api/v1/events`: Server-Sent Events from the `EventHub` (`call.updated`,
/// `campaign_candidate.updated`, `batch.updated`), a `: heartbeat` comment every `heartbeat` so
/// proxies keep the connection open, and `?campaign_id=` to see one campaign's events only.
/// `/live/events` opens the same stream for a session (`LivePages`).
///
/// One token or session holds at most `streamsPerCredential` streams (the next is 429). At each
/// heartbeat the stream re-reads its credential and ends when the token is revoked, the session
/// is gone or expired, or the user is disabled or now has a lower role; it also ends when the
/// client goes away or the daemon shuts down.
struct EventsAPI: Sendable {
    static let defaultStreamsPerCredential = 4

    let hub: EventHub
    let database: AppDatabase
    let heartbeat: Duration
    let slots: StreamSlots

    init(hub: EventHub, database: AppDatabase, heartbeat: Duration = .seconds(15),
         streamsPerCredential: Int = EventsAPI.defaultStreamsPerCredential) {
        self.hub = hub
        self.database = database
        self.heartbeat = heartbeat
        self.slots = StreamSlots(limit: streamsPerCredential)
    }

    /// The token's stream (behind `TokenAuthMiddleware`).
    @Sendable func stream(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        guard principal.kind == .token, let tokenID = principal.id else {
            throw APIError.unauthorized("event streams need an API token")
        }
        let database = database
        return try open(request, credential: .token(tokenID), role: principal.role) {
            try await database.currentRole(tokenID: tokenID)
        }
    }

    /// Whose streams are counted together.
    enum Credential {
        case token(String)
        case session(String)

        var key: String {
            switch self {
            case .token(let id): "token:\(id)"
            case .session(let id): "session:\(id)"
            }
        }

        var word: String {
            switch self {
            case .token: "token"
            case .session: "sign-in"
            }
        }
    }

    /// A stream for one credential that acts with `role`; `currentRole` re-reads what the
    /// credential is worth now (nil: it has ended).
    func open(
        _ request: Request, credential: Credential, role: Role, currentRole: @escaping @Sendable () async throws -> Role?
    ) throws -> Response {
        let filter = try EventFilter(campaignID: request.uri.queryParameters.get("campaign_id"))
        guard let slot = slots.take(credential.key) else {
            throw APIError(.tooManyRequests, code: "too_many_streams", message:
                "This \(credential.word) already has \(slots.limit) live event streams open: close one (another tab or program) and try again.")
        }
        let hub = hub, heartbeat = heartbeat
        let headers: HTTPFields = [
            .contentType: "text/event-stream; charset=utf-8",
            .cacheControl: "no-cache",
            HTTPField.Name("X-Accel-Buffering")!: "no",
        ]
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            defer { slot.release() }
            let stillAllowed: @Sendable () async -> Bool = {
                // A failed read ends the stream too: the client reconnects and is checked afresh.
                guard let now = try? await currentRole() else { return false }
                return now >= role
            }
            try await EventStreamWriter(hub: hub, heartbeat: heartbeat, filter: filter, stillAllowed: stillAllowed)
                .run(&writer)
        })
    }
}

/// Which events one stream wants: all, or those whose JSON has a given top-level `campaign_id`.
struct EventFilter: Sendable {
    let campaignID: String?

    init(campaignID: String?) throws {
        guard let campaignID, !campaignID.isEmpty else {
            self.campaignID = nil
            return
        }
        guard UUID(uuidString: campaignID) != nil else {
            throw APIError.badRequest("campaign_id must be a campaign id (a UUID)", field: "campaign_id")
        }
        self.campaignID = campaignID.lowercased()
    }

    func admits(_ event: LiveEvent) -> Bool {
        guard let campaignID else { return true }
        let object = (try? JSONSerialization.jsonObject(with: Data(event.data.utf8))) as? [String: Any]
        return (object?["campaign_id"] as? String)?.lowercased() == campaignID
    }
}

/// What goes down the wire, in SSE framing.
enum SSEFrame: Sendable, Equatable {
    case retry(milliseconds: Int)
    case event(LiveEvent)
    case heartbeat

    var text: String {
        switch self {
        case .retry(let milliseconds):
            return "retry: \(milliseconds)\n\n"
        case .heartbeat:
            return ": heartbeat\n\n"
        case .event(let event):
            // A data line may not hold a line break: each line of the payload gets its own `data:`.
            let lines = event.data.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            return "event: \(event.name)\n" + lines.map { "data: \($0)\n" }.joined() + "\n"
        }
    }
}

/// One open stream: subscribes, then writes the retry hint, events and heartbeats until the client
/// goes away (a write fails, or the task is cancelled), graceful shutdown begins, or `stillAllowed`
/// (asked before each heartbeat) answers false.
struct EventStreamWriter: Sendable {
    static let reconnectMilliseconds = 3000

    let hub: EventHub
    let heartbeat: Duration
    let filter: EventFilter
    var stillAllowed: @Sendable () async -> Bool = { true }

    func run(_ writer: inout any ResponseBodyWriter) async throws {
        let (id, events) = hub.subscribe()
        defer { hub.unsubscribe(id) }
        // Events and heartbeats meet here; bounded like the hub's buffer, so a slow client still
        // only costs its own oldest events.
        let (frames, sink) = AsyncStream.makeStream(
            of: SSEFrame.self, bufferingPolicy: .bufferingNewest(hub.bufferSize))
        let (filter, heartbeat, stillAllowed) = (filter, heartbeat, stillAllowed)
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await event in events where filter.admits(event) { sink.yield(.event(event)) }
                    sink.finish()
                }
                group.addTask {
                    while true {
                        try await Task.sleep(for: heartbeat)
                        guard await stillAllowed() else {
                            sink.finish()
                            return
                        }
                        sink.yield(.heartbeat)
                    }
                }
                defer { group.cancelAll() }
                try await writer.write(ByteBuffer(string: SSEFrame.retry(milliseconds: Self.reconnectMilliseconds).text))
                for await frame in frames {
                    try Task.checkCancellation()
                    try await writer.write(ByteBuffer(string: frame.text))
                }
            }
        } onGracefulShutdown: {
            sink.finish()
        }
        try await writer.finish(nil)
    }
}

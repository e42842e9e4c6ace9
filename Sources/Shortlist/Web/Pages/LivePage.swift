import Foundation
import Hummingbird

/// `GET /live`: Active / Completed / Failed counts and the newest calls, tabs All / In progress /
/// Completed. Without JavaScript it is a snapshot; `app.js` listens on `GET /live/events` (the same
/// Server-Sent Events as the API, behind the session cookie) and re-reads the page after events.
struct LivePages: Sendable {
    let database: AppDatabase
    let sessions: AdminSessions
    let renderer: PageRenderer
    let chrome: @Sendable (SignedInUser) -> Chrome
    let events: EventsAPI

    static let tabs: [(key: String, label: String, states: [String]?)] = [
        ("all", "All", nil),
        ("in_progress", "In progress", CallStatus.inFlight.map(\.rawValue)),
        ("completed", "Completed", CallStatus.finished.map(\.rawValue)),
    ]

    struct LivePageModel: PageModel {
        var title = "Live calls"
        var chrome: Chrome?
        var active: Int
        var completed: Int
        var failed: Int
        var tab: String
        var tabs: [Tab]
        var calls: [Call]
        var hasCalls: Bool

        struct Tab { var label: String; var url: String; var current: Bool }
        struct Call { var id: String; var url: String; var name: String; var campaign: String; var status: String; var detail: String; var started: String }
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        let key = request.uri.queryParameters.get("tab").map { String($0) } ?? "all"
        let tab = Self.tabs.first { $0.key == key } ?? Self.tabs[0]
        let counts = try await database.liveCounts()
        let calls = try await database.liveCalls(states: tab.states, limit: 100).map { call in
            LivePageModel.Call(
                id: call.id, url: "/candidates/\(call.candidateID)", name: call.candidateName, campaign: call.campaignName,
                status: call.status,
                detail: [call.reason, call.durationSeconds.map { String(format: "%d:%02d", $0 / 60, $0 % 60) }]
                    .compactMap { $0 }.joined(separator: " · "),
                started: CampaignPageModel.format(
                    call.createdAt, TimeZone(identifier: call.campaignTimezone) ?? TimeZone(identifier: "UTC")!))
        }
        let page = LivePageModel(
            chrome: chrome(signedIn), active: counts.active, completed: counts.completed, failed: counts.failed, tab: tab.key,
            tabs: Self.tabs.map { LivePageModel.Tab(label: $0.label, url: "/live?tab=\($0.key)", current: $0.key == tab.key) },
            calls: calls, hasCalls: !calls.isEmpty)
        return renderer.html("live", page)
    }

    /// The event stream for signed-in browsers: capped per session, and ended at the heartbeat after
    /// the session ends (sign-out, expiry, a change to its user).
    @Sendable func stream(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let signedIn = try await sessions.signedIn(request) else {
            return Response(status: .unauthorized, body: .init(byteBuffer: ByteBuffer(string: "sign in first")))
        }
        let database = database, sessionID = signedIn.sessionID
        return try events.open(request, credential: .session(sessionID), role: signedIn.principal.role) {
            try await database.currentRole(sessionID: sessionID)
        }
    }
}

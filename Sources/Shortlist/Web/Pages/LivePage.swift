import Foundation
import Hummingbird

/// `GET /live`: Active / Completed / Failed counts and the newest calls, tabs All / In progress /
/// Completed; `?campaign=<id>` narrows counts, calls and the event stream to one campaign.
/// Without JavaScript it is a snapshot; `app.js` listens on `GET /live/events` (the same
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
        /// The campaign the page is narrowed to, with a way back to every campaign.
        var campaign: Campaign?
        /// The stream app.js opens: every campaign's events, or the one campaign's.
        var eventsURL: String

        struct Tab { var label: String; var url: String; var current: Bool }
        struct Campaign { var name: String; var url: String }
        struct Call {
            var id: String
            var url: String
            var name: String
            var campaign: String
            var status: Wording
            /// Retell's reason for the end, in words (its code in the tooltip), when there is one.
            var reason: Wording?
            var duration: String?
            var started: String
        }
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        let key = request.uri.queryParameters.get("tab").map { String($0) } ?? "all"
        let tab = Self.tabs.first { $0.key == key } ?? Self.tabs[0]
        var campaign: LivePageModel.Campaign?
        var campaignID: String?
        if let raw = request.uri.queryParameters.get("campaign"), !raw.isEmpty {
            guard let id = UUID(uuidString: String(raw))?.uuidString.lowercased() else {
                return PageResponse.text("campaign must be a campaign's id, as in the address of its page.", status: .badRequest)
            }
            guard let detail = try await database.campaign(id: id) else {
                return PageResponse.text("There is no campaign with that id: it may have been deleted. All live calls are at /live.", status: .notFound)
            }
            campaignID = id
            campaign = LivePageModel.Campaign(name: detail.campaign.name, url: "/campaigns/\(id)")
        }
        let counts = try await database.liveCounts(campaignID: campaignID)
        let calls = try await database.liveCalls(states: tab.states, campaignID: campaignID, limit: 100).map(Self.row)
        let narrowed = campaignID.map { "&campaign=\($0)" } ?? ""
        let page = LivePageModel(
            title: campaign.map { "Live calls: \($0.name)" } ?? "Live calls",
            chrome: chrome(signedIn), active: counts.active, completed: counts.completed, failed: counts.failed, tab: tab.key,
            tabs: Self.tabs.map { LivePageModel.Tab(label: $0.label, url: "/live?tab=\($0.key)\(narrowed)", current: $0.key == tab.key) },
            calls: calls, hasCalls: !calls.isEmpty, campaign: campaign,
            eventsURL: "/live/events" + (campaignID.map { "?campaign_id=\($0)" } ?? ""))
        return renderer.html("live", page)
    }

    static func row(_ call: LiveCallRow) -> LivePageModel.Call {
        LivePageModel.Call(
            id: call.id, url: "/candidates/\(call.candidateID)", name: call.candidateName, campaign: call.campaignName,
            status: StoredWords.callStatus(call.status), reason: call.reason.map(DisconnectionWords.wording),
            duration: call.durationSeconds.map { String(format: "%d:%02d", $0 / 60, $0 % 60) },
            started: CampaignPageModel.format(
                call.createdAt, TimeZone(identifier: call.campaignTimezone) ?? TimeZone(identifier: "UTC")!))
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

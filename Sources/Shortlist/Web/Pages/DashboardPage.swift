import Foundation
import Hummingbird

/// `GET /`: the campaigns with their candidates counted by state; archived campaigns only with
/// `?archived=1` (and then only they).
struct DashboardPages: Sendable {
    let database: AppDatabase
    let renderer: PageRenderer
    let dialer: DialerStatus
    let backups: BackupReport

    struct DashboardPageModel: PageModel {
        var title = "Dashboard"
        var chrome: Chrome?
        var canWrite: Bool
        var campaigns: [Row]
        /// Stored, not computed: templates see stored properties only (Mirror).
        var hasCampaigns: Bool
        /// Showing the archived campaigns (`?archived=1`) rather than the others.
        var showsArchived: Bool
        /// For admins, when the last scheduled backup failed.
        var backupNotice: String?

        struct Row {
            var name: String
            var url: String
            var job: String
            var status: Wording
            var statusReason: String?
            var candidates: Int
            var calling: Int
            var completed: Int
            var qualified: Int
        }
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        let archived: Bool
        switch request.uri.queryParameters.get("archived") {
        case nil, "", "0": archived = false
        case "1": archived = true
        case let other?:
            return PageResponse.text("archived must be 1 or 0, not \"\(other.prefix(20))\".", status: .badRequest)
        }
        let rows = try await database.campaignCounts(limit: 200, archived: archived).map {
            DashboardPageModel.Row(
                name: $0.name, url: "/campaigns/\($0.id)", job: "\($0.jobTitle) at \($0.company)", status: StoredWords.campaignStatus($0.status), statusReason: $0.statusReason,
                candidates: $0.candidates, calling: $0.calling, completed: $0.completed, qualified: $0.qualified)
        }
        let backupNotice = signedIn.principal.role == .admin ? await backups.notice() : nil
        return renderer.html("dashboard", DashboardPageModel(chrome: chrome(signedIn), canWrite: signedIn.principal.role.canWrite, campaigns: rows, hasCampaigns: !rows.isEmpty, showsArchived: archived, backupNotice: backupNotice))
    }

    func chrome(_ signedIn: SignedInUser) -> Chrome {
        Chrome(
            userLabel: signedIn.user.name.isEmpty ? signedIn.user.email : signedIn.user.name, role: signedIn.user.role,
            isAdmin: signedIn.principal.role == .admin,
            csrfToken: signedIn.csrfToken, banner: dialer.haltReason.map { "Dialing is paused: \($0)" })
    }
}

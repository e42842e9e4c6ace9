import Hummingbird

/// One route: method, path (OpenAPI syntax, `{id}`), whether it needs an API token, and its handler.
struct Endpoint: Sendable {
    let method: HTTPRequest.Method
    let path: String
    let needsToken: Bool
    let handler: @Sendable (Request, AppRequestContext) async throws -> Response
}

/// The one route table: every URL the daemon answers is listed here.
struct RouteTable: Sendable {
    let health: HealthAPI
    let metrics: MetricsAPI
    let openAPI: OpenAPIDocument
    let jobs: JobsAPI
    let campaigns: CampaignsAPI
    let candidates: CandidatesAPI
    let dnc: DNCAPI
    let agents: AgentsAPI
    let webhook: WebhookAPI
    let calls: CallsAPI
    let events: EventsAPI
    let batches: BatchesAPI
    let reports: ReportsAPI
    let shortlist: ShortlistAPI
    let signIn: SignInPages
    let dashboard: DashboardPages
    let stylesheet: StaticFile
    let jobPages: JobPages
    let campaignPages: CampaignPages
    let campaignForms: CampaignFormPages
    let candidatePages: CandidatePages
    let livePages: LivePages
    let reportPages: ReportPages
    let dncPages: DNCPages
    let usersPages: UsersPages
    let auditPages: AuditPages
    let shortlistPages: ShortlistPages
    let erase: EraseAPI
    let erasePages: ErasePages
    let script: StaticFile
    let recordings: RecordingsAPI
    /// The admin page's sessions, for the sign-in group's middleware.
    let sessions: AdminSessions

    /// Routes outside the JSON API.
    var service: [Endpoint] {
        [
            Endpoint(method: .get, path: "/healthz", needsToken: false, handler: health.health),
            Endpoint(method: .get, path: "/metrics", needsToken: false, handler: metrics.metrics),
            Endpoint(method: .post, path: "/webhooks/retell", needsToken: false, handler: webhook.retell),
            Endpoint(method: .post, path: "/webhooks/retell/inbound", needsToken: false, handler: webhook.inbound),
        ]
    }

    /// `/api/v1`: what `static/openapi.json` must describe, no more and no less.
    var api: [Endpoint] {
        [
            Endpoint(method: .get, path: "/api/v1/openapi.json", needsToken: false, handler: openAPI.serve),
            Endpoint(method: .post, path: "/api/v1/jobs", needsToken: true, handler: jobs.create),
            Endpoint(method: .get, path: "/api/v1/jobs", needsToken: true, handler: jobs.list),
            Endpoint(method: .get, path: "/api/v1/jobs/{id}", needsToken: true, handler: jobs.show),
            Endpoint(method: .post, path: "/api/v1/campaigns", needsToken: true, handler: campaigns.create),
            Endpoint(method: .get, path: "/api/v1/campaigns", needsToken: true, handler: campaigns.list),
            Endpoint(method: .get, path: "/api/v1/campaigns/{id}", needsToken: true, handler: campaigns.show),
            Endpoint(method: .patch, path: "/api/v1/campaigns/{id}", needsToken: true, handler: campaigns.update),
            Endpoint(method: .post, path: "/api/v1/campaigns/{id}/archive", needsToken: true, handler: campaigns.archive),
            Endpoint(method: .post, path: "/api/v1/campaigns/{id}/candidates", needsToken: true, handler: candidates.importRows),
            Endpoint(method: .get, path: "/api/v1/campaigns/{id}/candidates", needsToken: true, handler: candidates.list),
            Endpoint(method: .post, path: "/api/v1/campaigns/{id}/agent", needsToken: true, handler: agents.createOrUpdate),
            Endpoint(method: .get, path: "/api/v1/campaigns/{id}/agent", needsToken: true, handler: agents.show),
            Endpoint(method: .get, path: "/api/v1/campaigns/{id}/calls", needsToken: true, handler: calls.list),
            Endpoint(method: .get, path: "/api/v1/calls/{id}", needsToken: true, handler: calls.show),
            Endpoint(method: .get, path: "/api/v1/calls/{id}/recording", needsToken: true, handler: recordings.api),
            Endpoint(method: .post, path: "/api/v1/campaigns/{id}/batches", needsToken: true, handler: batches.create),
            Endpoint(method: .get, path: "/api/v1/campaigns/{id}/batches", needsToken: true, handler: batches.list),
            Endpoint(method: .get, path: "/api/v1/campaigns/{id}/preview", needsToken: true, handler: reports.preview),
            Endpoint(method: .get, path: "/api/v1/campaigns/{id}/report", needsToken: true, handler: reports.report),
            Endpoint(method: .get, path: "/api/v1/campaigns/{id}/results.csv", needsToken: true, handler: reports.results),
            Endpoint(method: .get, path: "/api/v1/campaigns/{id}/shortlist", needsToken: true, handler: shortlist.list),
            Endpoint(method: .patch, path: "/api/v1/campaign-candidates/{id}", needsToken: true, handler: shortlist.update),
            Endpoint(method: .get, path: "/api/v1/batches/{id}", needsToken: true, handler: batches.show),
            Endpoint(method: .post, path: "/api/v1/batches/{id}/pause", needsToken: true, handler: batches.pause),
            Endpoint(method: .post, path: "/api/v1/batches/{id}/resume", needsToken: true, handler: batches.resume),
            Endpoint(method: .post, path: "/api/v1/batches/{id}/cancel", needsToken: true, handler: batches.cancel),
            Endpoint(method: .get, path: "/api/v1/events", needsToken: true, handler: events.stream),
            Endpoint(method: .get, path: "/api/v1/dnc", needsToken: true, handler: dnc.list),
            Endpoint(method: .post, path: "/api/v1/dnc", needsToken: true, handler: dnc.add),
            Endpoint(method: .delete, path: "/api/v1/dnc/{phone}", needsToken: true, handler: dnc.remove),
            Endpoint(method: .delete, path: "/api/v1/candidates/{id}", needsToken: true, handler: erase.erase),
            Endpoint(method: .get, path: "/api/v1/candidates/{id}/export", needsToken: true, handler: erase.export),
        ]
    }

    /// Outside the admin page's sign-in group: the sign-in form, sign-out (its own CSRF answer),
    /// the assets, the live stream (401, not a redirect, and its own end at sign-out), and
    /// addresses that only send the browser back to a page.
    var open: [Endpoint] {
        [
            Endpoint(method: .get, path: "/login", needsToken: false, handler: signIn.show),
            Endpoint(method: .post, path: "/login", needsToken: false, handler: signIn.signIn),
            Endpoint(method: .post, path: "/logout", needsToken: false, handler: signIn.signOut),
            Endpoint(method: .get, path: "/app.css", needsToken: false, handler: stylesheet.serve),
            Endpoint(method: .get, path: "/app.js", needsToken: false, handler: script.serve),
            Endpoint(method: .get, path: "/live/events", needsToken: false, handler: livePages.stream),
            // The session is checked by the handler: signed out is 404, not a redirect (DESIGN §8).
            Endpoint(method: .get, path: "/recordings/{call_id}", needsToken: false, handler: recordings.page),
            // Forms that re-render (a row added, an import's result) leave these in the address bar:
            // reloading or opening them goes back to the page the form belongs to.
            Endpoint(method: .get, path: "/campaigns", needsToken: false, handler: { _, _ in .redirect(to: "/", type: .normal) }),
            Endpoint(method: .get, path: "/campaigns/{id}/candidates", needsToken: false, handler: { _, context in
                .redirect(to: "/campaigns/\(try context.parameters.require("id"))", type: .normal)
            }),
            Endpoint(method: .get, path: "/dnc/import", needsToken: false, handler: { _, _ in .redirect(to: "/dnc", type: .normal) }),
        ]
    }

    /// The admin page, behind `PageAuthMiddleware`: each handler gets the signed-in user in its
    /// context, and every POST here has passed the CSRF check.
    var pages: [Endpoint] {
        [
            Endpoint(method: .get, path: "/", needsToken: false, handler: dashboard.show),
            Endpoint(method: .get, path: "/jobs", needsToken: false, handler: jobPages.list),
            Endpoint(method: .get, path: "/jobs/new", needsToken: false, handler: jobPages.new),
            Endpoint(method: .post, path: "/jobs", needsToken: false, handler: jobPages.create),
            Endpoint(method: .get, path: "/jobs/{id}/edit", needsToken: false, handler: jobPages.edit),
            Endpoint(method: .post, path: "/jobs/{id}", needsToken: false, handler: jobPages.update),
            Endpoint(method: .get, path: "/campaigns/new", needsToken: false, handler: campaignForms.new),
            Endpoint(method: .post, path: "/campaigns", needsToken: false, handler: campaignForms.create),
            Endpoint(method: .get, path: "/campaigns/{id}/edit", needsToken: false, handler: campaignForms.edit),
            Endpoint(method: .post, path: "/campaigns/{id}", needsToken: false, handler: campaignForms.update),
            Endpoint(method: .get, path: "/campaigns/{id}", needsToken: false, handler: campaignPages.show),
            Endpoint(method: .post, path: "/campaigns/{id}/agent", needsToken: false, handler: campaignPages.agent),
            Endpoint(method: .get, path: "/campaigns/{id}/agent/versions/{version}", needsToken: false, handler: campaignPages.agentVersion),
            Endpoint(method: .post, path: "/campaigns/{id}/batches", needsToken: false, handler: campaignPages.startBatch),
            Endpoint(method: .post, path: "/campaigns/{id}/archive", needsToken: false, handler: campaignPages.archive),
            Endpoint(method: .post, path: "/campaigns/{id}/candidates", needsToken: false, handler: campaignPages.importCandidates),
            Endpoint(method: .post, path: "/batches/{id}/{action}", needsToken: false, handler: campaignPages.changeBatch),
            Endpoint(method: .get, path: "/candidates/{id}", needsToken: false, handler: candidatePages.show),
            Endpoint(method: .get, path: "/candidates/{id}/erase", needsToken: false, handler: erasePages.confirm),
            Endpoint(method: .post, path: "/candidates/{id}/erase", needsToken: false, handler: erasePages.erase),
            Endpoint(method: .get, path: "/campaigns/{id}/report", needsToken: false, handler: reportPages.show),
            Endpoint(method: .get, path: "/campaigns/{id}/results.csv", needsToken: false, handler: reportPages.csv),
            Endpoint(method: .get, path: "/campaigns/{id}/shortlist", needsToken: false, handler: shortlistPages.show),
            Endpoint(method: .post, path: "/campaigns/{id}/shortlist/{ccid}/decision", needsToken: false, handler: shortlistPages.decide),
            Endpoint(method: .get, path: "/dnc", needsToken: false, handler: dncPages.show),
            Endpoint(method: .post, path: "/dnc", needsToken: false, handler: dncPages.add),
            Endpoint(method: .post, path: "/dnc/remove", needsToken: false, handler: dncPages.remove),
            Endpoint(method: .post, path: "/dnc/import", needsToken: false, handler: dncPages.importFile),
            Endpoint(method: .get, path: "/users", needsToken: false, handler: usersPages.show),
            Endpoint(method: .post, path: "/users", needsToken: false, handler: usersPages.add),
            Endpoint(method: .post, path: "/users/change", needsToken: false, handler: usersPages.change),
            Endpoint(method: .get, path: "/audit", needsToken: false, handler: auditPages.show),
            Endpoint(method: .get, path: "/live", needsToken: false, handler: livePages.show),
        ]
    }

    var all: [Endpoint] { service + api + open + pages }
}

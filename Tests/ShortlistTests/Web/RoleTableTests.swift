import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing
@testable import Shortlist

/// Every mutating route of the route table (and the campaign edit form) × who asks: the status each
/// gets, and that a refused request changed nothing. Each case runs on a fresh app.
@Suite("Roles: every mutating route × role, for the API and the pages")
struct RoleTableTests {
    /// Who asks. The API door uses a token, the page door a session; the last three are tokens only.
    enum Actor: String, CaseIterable, Sendable {
        case admin = "an admin"
        case recruiterOwner = "the recruiter who owns the campaign"
        case recruiterNotOwner = "a recruiter who does not own the campaign"
        case viewerOwner = "a viewer who owns the campaign"
        case viewerNotOwner = "a viewer who does not own the campaign"
        case demotedOwnerToken = "a recruiter token made for the owner, after the owner was made a viewer"
        case creatorToken = "a recruiter token made for no one that created the campaign"
        case otherToken = "a recruiter token made for no one that did not create the campaign"

        static let pageActors: [Actor] = [.admin, .recruiterOwner, .recruiterNotOwner, .viewerOwner, .viewerNotOwner]

        /// The acting user's role when the fixture is made; nil for tokens made for no one.
        var userRole: Role? {
            switch self {
            case .admin: .admin
            case .recruiterOwner, .recruiterNotOwner, .demotedOwnerToken: .recruiter
            case .viewerOwner, .viewerNotOwner: .viewer
            case .creatorToken, .otherToken: nil
            }
        }

        /// The role of the actor's token: the user's role when it was made, recruiter for tokens made for no one.
        var tokenRole: Role { userRole ?? .recruiter }
        var ownsCampaign: Bool { [.recruiterOwner, .viewerOwner, .demotedOwnerToken, .creatorToken].contains(self) }
    }

    /// Who a route is for.
    enum Rule: Sendable {
        /// DESIGN §6: the campaign's owner (a recruiter) or an admin.
        case campaignOwnerOrAdmin
        /// Jobs, new campaigns and the do-not-call list: any recruiter or admin.
        case recruiterOrAdmin
        case adminOnly

        func allows(_ actor: Actor) -> Bool {
            switch self {
            case .campaignOwnerOrAdmin: [.admin, .recruiterOwner, .creatorToken].contains(actor)
            case .recruiterOrAdmin: [.admin, .recruiterOwner, .recruiterNotOwner, .creatorToken, .otherToken].contains(actor)
            case .adminOnly: actor == .admin
            }
        }
    }

    enum Door: String, Sendable { case api = "API", page = "page" }

    /// What the fixture must hold before the request.
    struct Needs: OptionSet, Sendable {
        let rawValue: Int
        static let agent = Needs(rawValue: 1)
        static let runningBatch = Needs(rawValue: 2)
        static let pausedBatch = Needs(rawValue: 4)
        static let dncEntry = Needs(rawValue: 8)
        /// The first candidate answered a call (a shortlist row to decide on).
        static let answered = Needs(rawValue: 16)
    }

    /// What a case's request may use: the campaign, its job and batch, and the actor's credential.
    struct Fixture: Sendable {
        var campaign: String
        var job: String
        var batch: String?
        /// The campaign candidate who answered, with `.answered`.
        var candidate: String?
        var token: String?
        var cookie: String?
        var csrf: String?
    }

    struct Route: Sendable {
        var name: String
        var door: Door
        var rule: Rule
        var needs: Needs = []
        var success: HTTPResponse.Status
        /// False for the edit form's GET: it is in the table for its 403, and changes nothing either way.
        var mutates = true
        var send: @Sendable (Fixture, any TestClientProtocol) async throws -> TestResponse
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var route: Route
        var actor: Actor
        var testDescription: String { "\(route.name) by \(actor.rawValue)" }
    }

    static let dncPhone = "+15125550177"

    static var routes: [Route] {
        let campaignJSON: @Sendable (String) -> String = { job in #"{"name":"Autumn","job_id":"\#(job)"}"# }
        return [
            // The JSON API: every POST, PATCH and DELETE of the route table.
            Route(name: "PATCH /api/v1/campaigns/{id}", door: .api, rule: .campaignOwnerOrAdmin, success: .ok) { f, client in
                try await client.send(.patch, "/api/v1/campaigns/\(f.campaign)", token: f.token, json: #"{"name":"Renamed"}"#)
            },
            Route(name: "POST /api/v1/campaigns/{id}/candidates", door: .api, rule: .campaignOwnerOrAdmin, success: .ok) { f, client in
                try await client.send(.post, "/api/v1/campaigns/\(f.campaign)/candidates", token: f.token,
                                      json: #"[{"full_name":"New Person","phone":"+15125550199"}]"#)
            },
            Route(name: "POST /api/v1/campaigns/{id}/agent", door: .api, rule: .campaignOwnerOrAdmin, success: .ok) { f, client in
                try await client.send(.post, "/api/v1/campaigns/\(f.campaign)/agent", token: f.token)
            },
            Route(name: "POST /api/v1/campaigns/{id}/batches", door: .api, rule: .campaignOwnerOrAdmin, needs: .agent, success: .created) { f, client in
                try await client.send(.post, "/api/v1/campaigns/\(f.campaign)/batches", token: f.token)
            },
            Route(name: "POST /api/v1/batches/{id}/pause", door: .api, rule: .campaignOwnerOrAdmin, needs: [.agent, .runningBatch], success: .ok) { f, client in
                try await client.send(.post, "/api/v1/batches/\(f.batch ?? "")/pause", token: f.token)
            },
            Route(name: "POST /api/v1/batches/{id}/resume", door: .api, rule: .campaignOwnerOrAdmin, needs: [.agent, .pausedBatch], success: .ok) { f, client in
                try await client.send(.post, "/api/v1/batches/\(f.batch ?? "")/resume", token: f.token)
            },
            Route(name: "POST /api/v1/batches/{id}/cancel", door: .api, rule: .campaignOwnerOrAdmin, needs: [.agent, .runningBatch], success: .ok) { f, client in
                try await client.send(.post, "/api/v1/batches/\(f.batch ?? "")/cancel", token: f.token)
            },
            Route(name: "PATCH /api/v1/campaign-candidates/{id}", door: .api, rule: .campaignOwnerOrAdmin, needs: .answered, success: .ok) { f, client in
                try await client.send(.patch, "/api/v1/campaign-candidates/\(f.candidate ?? "")", token: f.token, json: #"{"decision":"interview"}"#)
            },
            Route(name: "POST /api/v1/jobs", door: .api, rule: .recruiterOrAdmin, success: .created) { f, client in
                try await client.send(.post, "/api/v1/jobs", token: f.token, json: #"{"company":"Acme","title":"Cook"}"#)
            },
            Route(name: "POST /api/v1/campaigns", door: .api, rule: .recruiterOrAdmin, success: .created) { f, client in
                try await client.send(.post, "/api/v1/campaigns", token: f.token, json: campaignJSON(f.job))
            },
            Route(name: "POST /api/v1/dnc", door: .api, rule: .recruiterOrAdmin, success: .created) { f, client in
                try await client.send(.post, "/api/v1/dnc", token: f.token, json: #"{"phone":"+15125550188"}"#)
            },
            Route(name: "DELETE /api/v1/dnc/{phone}", door: .api, rule: .recruiterOrAdmin, needs: .dncEntry, success: .noContent) { f, client in
                try await client.send(.delete, "/api/v1/dnc/%2B15125550177", token: f.token)
            },

            // The admin page: every POST of the route table but sign-in and sign-out, and the edit form.
            Route(name: "GET /campaigns/{id}/edit", door: .page, rule: .campaignOwnerOrAdmin, success: .ok, mutates: false) { f, client in
                try await client.execute(uri: "/campaigns/\(f.campaign)/edit", method: .get, headers: [.cookie: f.cookie ?? ""])
            },
            Route(name: "POST /campaigns/{id}", door: .page, rule: .campaignOwnerOrAdmin, success: .seeOther) { f, client in
                try await SignInPagesTests.post(client, "/campaigns/\(f.campaign)", form: CampaignFormPagesTests.form(
                    csrf: f.csrf ?? "", job: f.job, overrides: ["name": "Renamed"]), cookie: f.cookie)
            },
            Route(name: "POST /campaigns/{id}/agent", door: .page, rule: .campaignOwnerOrAdmin, success: .seeOther) { f, client in
                try await SignInPagesTests.post(client, "/campaigns/\(f.campaign)/agent", form: [("_csrf", f.csrf ?? "")], cookie: f.cookie)
            },
            Route(name: "POST /campaigns/{id}/batches", door: .page, rule: .campaignOwnerOrAdmin, needs: .agent, success: .seeOther) { f, client in
                try await SignInPagesTests.post(client, "/campaigns/\(f.campaign)/batches", form: [("_csrf", f.csrf ?? "")], cookie: f.cookie)
            },
            Route(name: "POST /campaigns/{id}/candidates", door: .page, rule: .campaignOwnerOrAdmin, success: .ok) { f, client in
                try await CandidateUploadPageTests.upload(
                    client, campaign: f.campaign, cookie: f.cookie ?? "", csrf: f.csrf ?? "", csv: "full_name,phone\nNew Person,+15125550199\n")
            },
            Route(name: "POST /campaigns/{id}/shortlist/{ccid}/decision", door: .page, rule: .campaignOwnerOrAdmin, needs: .answered, success: .seeOther) { f, client in
                try await SignInPagesTests.post(client, "/campaigns/\(f.campaign)/shortlist/\(f.candidate ?? "")/decision",
                                                form: [("_csrf", f.csrf ?? ""), ("decision", "interview")], cookie: f.cookie)
            },
            Route(name: "POST /batches/{id}/pause", door: .page, rule: .campaignOwnerOrAdmin, needs: [.agent, .runningBatch], success: .seeOther) { f, client in
                try await SignInPagesTests.post(client, "/batches/\(f.batch ?? "")/pause", form: [("_csrf", f.csrf ?? "")], cookie: f.cookie)
            },
            Route(name: "POST /batches/{id}/resume", door: .page, rule: .campaignOwnerOrAdmin, needs: [.agent, .pausedBatch], success: .seeOther) { f, client in
                try await SignInPagesTests.post(client, "/batches/\(f.batch ?? "")/resume", form: [("_csrf", f.csrf ?? "")], cookie: f.cookie)
            },
            Route(name: "POST /batches/{id}/cancel", door: .page, rule: .campaignOwnerOrAdmin, needs: [.agent, .runningBatch], success: .seeOther) { f, client in
                try await SignInPagesTests.post(client, "/batches/\(f.batch ?? "")/cancel", form: [("_csrf", f.csrf ?? "")], cookie: f.cookie)
            },
            Route(name: "POST /jobs", door: .page, rule: .recruiterOrAdmin, success: .seeOther) { f, client in
                try await SignInPagesTests.post(client, "/jobs", form: JobPagesTests.jobForm(csrf: f.csrf ?? "", title: "Cook"), cookie: f.cookie)
            },
            Route(name: "POST /jobs/{id}", door: .page, rule: .recruiterOrAdmin, success: .seeOther) { f, client in
                try await SignInPagesTests.post(client, "/jobs/\(f.job)", form: JobPagesTests.jobForm(csrf: f.csrf ?? "", title: "Cook"), cookie: f.cookie)
            },
            Route(name: "POST /campaigns", door: .page, rule: .recruiterOrAdmin, success: .seeOther) { f, client in
                try await SignInPagesTests.post(client, "/campaigns", form: CampaignFormPagesTests.form(csrf: f.csrf ?? "", job: f.job), cookie: f.cookie)
            },
            Route(name: "POST /dnc", door: .page, rule: .recruiterOrAdmin, success: .seeOther) { f, client in
                try await SignInPagesTests.post(client, "/dnc", form: [("_csrf", f.csrf ?? ""), ("phone", "+15125550188"), ("reason", "")], cookie: f.cookie)
            },
            Route(name: "POST /dnc/remove", door: .page, rule: .recruiterOrAdmin, needs: .dncEntry, success: .seeOther) { f, client in
                try await SignInPagesTests.post(client, "/dnc/remove", form: [("_csrf", f.csrf ?? ""), ("phone", dncPhone)], cookie: f.cookie)
            },
            Route(name: "POST /dnc/import", door: .page, rule: .recruiterOrAdmin, success: .ok) { f, client in
                try await DNCPageTests.importFile(client, cookie: f.cookie ?? "", csrf: f.csrf ?? "", content: "phone\n+15125550166\n")
            },
            Route(name: "POST /users", door: .page, rule: .adminOnly, success: .ok) { f, client in
                try await SignInPagesTests.post(
                    client, "/users", form: [("_csrf", f.csrf ?? ""), ("email", "new@agency.example"), ("name", ""), ("role", "viewer")],
                    cookie: f.cookie)
            },
            Route(name: "POST /users/change", door: .page, rule: .adminOnly, success: .ok) { f, client in
                try await SignInPagesTests.post(
                    client, "/users/change",
                    form: [("_csrf", f.csrf ?? ""), ("email", "someone@agency.example"), ("action", "role"), ("role", "viewer")],
                    cookie: f.cookie)
            },
        ]
    }

    static var cases: [Case] {
        routes.flatMap { route in
            (route.door == .api ? Actor.allCases : Actor.pageActors).map { Case(route: route, actor: $0) }
        }
    }

    @Test("Each mutating route answers each role as DESIGN §6 says, and a refused request changes nothing", arguments: cases)
    func table(_ item: Case) async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let fixture = try await Self.fixture(app, client, item.actor, door: item.route.door, needs: item.route.needs)
            let before = try await Self.fingerprint(app)
            let response = try await item.route.send(fixture, client)
            let after = try await Self.fingerprint(app)
            let allowed = item.route.rule.allows(item.actor)
            #expect(response.status == (allowed ? item.route.success : .forbidden), "\(String(buffer: response.body))")
            if !allowed {
                #expect(after == before)
            } else if item.route.mutates {
                #expect(after != before)
            }
            // Refused a campaign, a recruiter who does not own it (or anyone on a page) is told why, in the
            // API's error shape or as the page; viewers' tokens are refused earlier, as read-only.
            let notOwner = [Actor.recruiterNotOwner, .otherToken].contains(item.actor)
            if item.route.rule == .campaignOwnerOrAdmin, !allowed, notOwner || item.route.door == .page {
                if item.route.door == .api {
                    #expect(response.errorCode == "forbidden")
                    #expect((response.object["error"] as? [String: Any])?["message"] as? String == CampaignPermission.refusal)
                } else {
                    #expect(String(buffer: response.body) == CampaignPermission.refusal)
                }
            }
        }
    }

    @Test("The campaign page shows its change and calling controls only to those who may use them", arguments: Actor.pageActors)
    func controls(_ actor: Actor) async throws {
        let app = try await TestApp.make { $0.security.cookieSecure = false }
        try await app.test { client in
            let fixture = try await Self.fixture(app, client, actor, door: .page, needs: [.agent, .runningBatch])
            let page = try await client.execute(uri: "/campaigns/\(fixture.campaign)", method: .get, headers: [.cookie: fixture.cookie ?? ""])
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            let controls = [
                "/campaigns/\(fixture.campaign)/edit", "/campaigns/\(fixture.campaign)/agent", "/campaigns/\(fixture.campaign)/batches",
                "/campaigns/\(fixture.campaign)/candidates", "/batches/\(fixture.batch ?? "")/pause", "/batches/\(fixture.batch ?? "")/cancel",
            ]
            let may = Rule.campaignOwnerOrAdmin.allows(actor)
            for control in controls {
                #expect(html.contains("\"\(control)\"") == may, "\(control)")
            }
        }
    }

    /// A campaign with two candidates made by the admin token, handed to its owner for `actor`, and
    /// the actor's credential: a token for the API door, a session for the page door.
    static func fixture(
        _ app: TestApp, _ client: any TestClientProtocol, _ actor: Actor, door: Door, needs: Needs
    ) async throws -> Fixture {
        let database = app.database
        let job = try await client.send(.post, "/api/v1/jobs", token: app.adminToken, json: #"{"company":"Acme","title":"Driver"}"#)
        let jobID = try #require(job.object["id"] as? String)
        let made = try await client.send(.post, "/api/v1/campaigns", token: app.adminToken, json: """
            {"name":"Spring","job_id":"\(jobID)","questions":["When can you start?"],
             "calling":{"timezone":"America/Chicago","window_start":"09:00","window_end":"18:00","days":["mon","tue","wed","thu","fri"]}}
            """)
        let campaign = try #require(made.object["id"] as? String)
        let imported = try await client.send(.post, "/api/v1/campaigns/\(campaign)/candidates", token: app.adminToken,
                                             json: #"[{"full_name":"Jane Doe","phone":"+15125550134"},{"full_name":"Raj Patel","phone":"+15125550135"}]"#)
        #expect(imported.status == .ok)
        app.clock.set(DialerHarness.wednesdayMorning)
        var fixture = Fixture(campaign: campaign, job: jobID)
        if needs.contains(.agent) {
            #expect(try await client.send(.post, "/api/v1/campaigns/\(campaign)/agent", token: app.adminToken).status == .ok)
        }
        if !needs.isDisjoint(with: [.runningBatch, .pausedBatch]) {
            let batch = try await client.send(.post, "/api/v1/campaigns/\(campaign)/batches", token: app.adminToken)
            fixture.batch = try #require(batch.object["id"] as? String)
            if needs.contains(.pausedBatch) {
                #expect(try await client.send(.post, "/api/v1/batches/\(fixture.batch ?? "")/pause", token: app.adminToken).status == .ok)
            }
        }
        if needs.contains(.answered) {
            fixture.candidate = try await database.writer.write { db -> String in
                let candidate = try #require(try String.fetchOne(
                    db, sql: "SELECT id FROM campaign_candidates WHERE campaign_id = ? ORDER BY seq LIMIT 1", arguments: [campaign]))
                try db.execute(sql: """
                    INSERT INTO retell_calls (id, campaign_id, campaign_candidate_id, attempt, retell_call_id, retell_agent_id,
                      agent_version, phone_number, call_status, disconnection_reason, created_at, updated_at, idempotency_key)
                    VALUES ('call-answered', ?1, ?2, 1, 'call_answered', 'agent_1', 1, '+15125550134', 'analyzed', 'user_hangup', ?3, ?3, 'idem-answered')
                    """, arguments: [campaign, candidate, app.clock.now()])
                try db.execute(sql: """
                    INSERT INTO retell_call_analysis (call_id, interested, in_voicemail, created_at, updated_at)
                    VALUES ('call-answered', 1, 0, ?, ?)
                    """, arguments: [app.clock.now(), app.clock.now()])
                return candidate
            }
        }
        if needs.contains(.dncEntry) {
            _ = try await database.addDNC(phone: dncPhone, reason: "", source: .manual, by: .cli)
        }

        let someone = try await database.createUser(
            email: "someone@agency.example", name: "", role: .recruiter, passwordHash: "unused", by: .cli)
        var userID: String?
        if let role = actor.userRole {
            userID = try await database.createUser(
                email: "actor@agency.example", name: "", role: role, passwordHash: "unused", by: .cli).id
        }
        var tokenID: String?
        if door == .api {
            let token = "slt_test_actor"
            tokenID = try await database.createToken(
                name: "actor", role: actor.tokenRole, tokenHash: APIToken.hash(token), userID: userID, by: .cli).id
            fixture.token = token
        }
        let owner: (user: String?, token: String?) = switch actor {
        case .creatorToken: (nil, tokenID)
        case _ where actor.ownsCampaign: (userID, nil)
        default: (someone.id, nil)
        }
        try await database.writer.write { db in
            try db.execute(sql: "UPDATE campaigns SET owner_user_id = ?, owner_token_id = ? WHERE id = ?",
                           arguments: [owner.user, owner.token, campaign])
        }
        if actor == .demotedOwnerToken {
            try await database.setRole(email: "actor@agency.example", role: .viewer, by: .cli)
        }
        if door == .page {
            let cookieToken = "session-of-the-actor", csrf = "csrf-of-the-actor"
            try await database.createSession(
                userID: try #require(userID), tokenHash: APIToken.hash(cookieToken), csrfToken: csrf, ip: nil, userAgent: nil,
                lifetime: 3_600)
            fixture.cookie = "\(AdminSessions.sessionCookie)=\(cookieToken)"
            fixture.csrf = csrf
        }
        return fixture
    }

    /// Everything a mutating route could change, as one comparable text.
    static func fingerprint(_ app: TestApp) async throws -> String {
        try await app.database.writer.read { db in
            let parts = [
                "SELECT group_concat(id || name || updated_at, ';') FROM (SELECT * FROM campaigns ORDER BY id)",
                "SELECT group_concat(id || title || updated_at, ';') FROM (SELECT * FROM jobs ORDER BY id)",
                "SELECT count(*) FROM candidates",
                "SELECT count(*) FROM campaign_candidates",
                "SELECT group_concat(campaign_id || version, ';') FROM campaign_retell_agents",
                "SELECT group_concat(id || status, ';') FROM (SELECT * FROM retell_batch_calls ORDER BY id)",
                "SELECT group_concat(phone, ';') FROM (SELECT phone FROM dnc_numbers ORDER BY phone)",
                "SELECT group_concat(email || role || ifnull(disabled_at, ''), ';') FROM (SELECT * FROM users ORDER BY email)",
                "SELECT count(*) FROM audit_log",
                "SELECT group_concat(id || ifnull(decision, '') || ifnull(decided_by, ''), ';') FROM (SELECT * FROM campaign_candidates ORDER BY id)",
            ]
            return try parts.map { try String.fetchOne(db, sql: "SELECT CAST((\($0)) AS TEXT)") ?? "-" }.joined(separator: "\n")
        }
    }
}

import Foundation
import Hummingbird

/// `GET /login`, `POST /login`, `POST /logout`. No sign-up: the first admin comes from
/// `shortlist user add` (or `demo`).
struct SignInPages: Sendable {
    let database: AppDatabase
    let sessions: AdminSessions
    let throttle: LoginThrottle
    let passwords: PasswordChecker
    let renderer: PageRenderer

    struct LoginPageModel: PageModel {
        var title = "Sign in"
        var chrome: Chrome? = nil
        var email: String
        var csrfToken: String
        var error: String?
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        if try await sessions.signedIn(request) != nil { return .redirect(to: "/", type: .normal) }
        return form(email: "", error: nil, status: .ok)
    }

    @Sendable func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormBody.read(request)
        guard AdminSessions.tokensMatch(form["_csrf"], request.cookies[AdminSessions.loginCSRFCookie]?.value) else {
            return self.form(email: form["email"] ?? "", error: "The form expired. Please sign in again.", status: .forbidden)
        }
        let email = (form["email"] ?? "").trimmingCharacters(in: .whitespaces)
        let ip = context.remoteIP
        let verdict = throttle.check(account: email, ip: ip)
        if let minutes = verdict.retryInMinutes {  // refused before any work, and nothing is recorded
            return self.form(
                email: email, error: "Too many failed sign-ins from \(verdict.reason ?? "here"). Try again in \(minutes) minute\(minutes == 1 ? "" : "s").",
                status: .tooManyRequests)
        }
        // No account has an email longer than 254 characters (`EmailAddress`), so none is looked up.
        let user = email.isEmpty || email.count > 254 ? nil : try await database.user(email: email)
        let matches: Bool
        do {
            matches = try await passwords.verify(form["password"] ?? "", hash: user?.passwordHash)
        } catch is BoundedWorkQueue.Full {
            return busy(email: email)
        }
        guard let user, matches, user.disabledAt == nil else {
            throttle.recordFailure(account: email, ip: ip)
            let reason = user == nil ? "unknown email" : matches ? "user disabled" : "wrong password"
            try await database.auditFailedSignIn(email: email, userID: user?.id, ip: ip, reason: reason)
            return self.form(email: email, error: "The email or password is wrong.", status: .unauthorized)
        }
        throttle.recordSuccess(account: email)
        let token = AdminSessions.randomToken()
        try await database.createSession(
            userID: user.id, tokenHash: APIToken.hash(token), csrfToken: AdminSessions.randomToken(), ip: ip,
            userAgent: request.headers[.userAgent], lifetime: sessions.lifetime)
        var response = Response.redirect(to: "/", type: .normal)
        response.setCookie(sessions.cookie(AdminSessions.sessionCookie, token, maxAge: Int(sessions.lifetime)))
        response.setCookie(sessions.cookie(AdminSessions.loginCSRFCookie, "", maxAge: 0))
        return response
    }

    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let signedIn = try await sessions.signedIn(request) else { return .redirect(to: "/login", type: .normal) }
        let form = try await FormBody.read(request)
        guard AdminSessions.tokensMatch(form["_csrf"], signedIn.csrfToken) else {
            return PageResponse.text("The form expired; reload the page and try again.", status: .forbidden)
        }
        try await database.deleteSession(id: signedIn.sessionID)
        try await database.auditSignOut(signedIn.principal, ip: context.remoteIP)
        var response = Response.redirect(to: "/login", type: .normal)
        response.setCookie(sessions.cookie(AdminSessions.sessionCookie, "", maxAge: 0))
        return response
    }

    /// The form again when too many password checks wait: 503 with Retry-After.
    private func busy(email: String) -> Response {
        var response = form(
            email: email, error: "Many sign-ins are being checked right now. Please try again in a few seconds.",
            status: .serviceUnavailable)
        response.headers[.retryAfter] = "5"
        return response
    }

    /// The sign-in form with a fresh double-submit CSRF token.
    private func form(email: String, error: String?, status: HTTPResponse.Status) -> Response {
        let csrf = AdminSessions.randomToken()
        let shown = String(email.prefix(254))
        var response = renderer.html("login", LoginPageModel(email: shown, csrfToken: csrf, error: error), status: status)
        response.setCookie(sessions.cookie(AdminSessions.loginCSRFCookie, csrf, maxAge: 3_600))
        return response
    }
}

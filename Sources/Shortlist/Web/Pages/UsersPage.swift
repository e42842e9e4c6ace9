import Foundation
import Hummingbird

/// `GET /users` and its forms (admins only): add a user (the password is generated and shown once),
/// change a role, disable, reset a password (shown once). Changing a user ends their sessions.
struct UsersPages: Sendable {
    let database: AppDatabase
    let renderer: PageRenderer
    let chrome: @Sendable (SignedInUser) -> Chrome
    /// bcrypt off the cooperative threads, shared with sign-in.
    let passwords: PasswordChecker

    struct UsersPageModel: PageModel {
        var title = "Users"
        var chrome: Chrome?
        var notice: String?
        var error: String?
        var email: String
        var name: String
        var users: [User]

        struct User { var email: String; var name: String; var role: String; var disabled: Bool; var roles: [Option] }
        struct Option { var value: String; var selected: Bool }
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        guard signedIn.principal.role == .admin else { return PageResponse.forbidden() }
        return try await page(signedIn, notice: nil, error: nil)
    }

    @Sendable func add(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context) { signedIn, form in
            let email = (form["email"] ?? "").trimmingCharacters(in: .whitespaces)
            let name = (form["name"] ?? "").trimmingCharacters(in: .whitespaces)
            if let problem = EmailAddress.problem(with: email) { return (nil, problem, email, name) }
            guard let role = Role(rawValue: form["role"] ?? "") else { return (nil, "choose a role", email, name) }
            let password = Passwords.generate()
            do {
                _ = try await database.createUser(
                    email: email, name: name, role: role, passwordHash: try await passwords.hash(password), by: signedIn.principal)
            } catch let error as StoreError {
                return (nil, error.description, email, name)
            }
            return ("\(email) can sign in with the password \(password) (shown once: pass it on now).", nil, "", "")
        }
    }

    @Sendable func change(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await act(request, context) { signedIn, form in
            let email = form["email"] ?? ""
            switch form["action"] {
            case "role":
                guard let role = Role(rawValue: form["role"] ?? "") else { return (nil, "choose a role", "", "") }
                try await database.setRole(email: email, role: role, by: signedIn.principal)
                return ("\(email) is now \(role.rawValue).", nil, "", "")
            case "disable":
                guard email.caseInsensitiveCompare(signedIn.user.email) != .orderedSame else {
                    return (nil, "you cannot disable your own account", "", "")
                }
                try await database.disableUser(email: email, by: signedIn.principal)
                return ("\(email) is disabled and signed out.", nil, "", "")
            case "password":
                let password = Passwords.generate()
                try await database.setPassword(email: email, passwordHash: try await passwords.hash(password), by: signedIn.principal)
                return ("\(email)'s new password is \(password) (shown once).", nil, "", "")
            default:
                return (nil, "unknown action", "", "")
            }
        }
    }

    /// Checks the admin role (the route group checked session and CSRF), runs `work`, and shows the
    /// page with its notice or error.
    private func act(
        _ request: Request, _ context: AppRequestContext,
        _ work: (SignedInUser, FormBody) async throws -> (notice: String?, error: String?, email: String, name: String)
    ) async throws -> Response {
        let signedIn = try context.requireSignedIn()
        let form = try await FormBody.read(request)
        guard signedIn.principal.role == .admin else { return PageResponse.forbidden() }
        let outcome = try await work(signedIn, form)
        return try await page(signedIn, notice: outcome.notice, error: outcome.error, email: outcome.email, name: outcome.name,
                              status: outcome.error == nil ? .ok : .unprocessableContent)
    }

    private func page(
        _ signedIn: SignedInUser, notice: String?, error: String?, email: String = "", name: String = "", status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let users = try await database.users().map { user in
            UsersPageModel.User(
                email: user.email, name: user.name, role: user.role, disabled: user.disabledAt != nil,
                roles: Role.allCases.map { UsersPageModel.Option(value: $0.rawValue, selected: $0.rawValue == user.role) })
        }
        let page = UsersPageModel(chrome: chrome(signedIn), notice: notice, error: error, email: email, name: name, users: users)
        var response = renderer.html("users", page, status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}

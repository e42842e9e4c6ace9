import Crypto
import Foundation
import Hummingbird

/// Cookie sessions for the admin page: the session cookie carries a random token whose SHA-256 is
/// the `sessions` row's key; forms carry the session's CSRF token. Before sign-in, the sign-in form's
/// CSRF token is a second short-lived cookie (double submit).
struct AdminSessions: Sendable {
    static let sessionCookie = "shortlist_session"
    static let loginCSRFCookie = "shortlist_login_csrf"

    let database: AppDatabase
    let lifetime: TimeInterval
    let secureCookies: Bool

    /// The signed-in user behind the request's cookie, if the session is valid.
    func signedIn(_ request: Request) async throws -> SignedInUser? {
        guard let token = request.cookies[Self.sessionCookie]?.value, !token.isEmpty else { return nil }
        return try await database.session(tokenHash: APIToken.hash(token))
    }

    func cookie(_ name: String, _ value: String, maxAge: Int) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax)
    }

    static func randomToken() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.hexString
    }

    /// Whether `submitted` equals `expected`, in constant time.
    static func tokensMatch(_ submitted: String?, _ expected: String?) -> Bool {
        guard let submitted, let expected, !expected.isEmpty, submitted.utf8.count == expected.utf8.count else { return false }
        return zip(submitted.utf8, expected.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// A urlencoded form body, read with a size limit.
struct FormBody {
    let fields: [String: String]

    subscript(_ name: String) -> String? { fields[name] }

    static func read(_ request: Request, limit: Int = 64 * 1024) async throws -> FormBody {
        parse(try await RequestBody.bytes(request, limit: limit))
    }

    /// The fields of an urlencoded body already read.
    static func parse(_ buffer: ByteBuffer) -> FormBody {
        var fields: [String: String] = [:]
        for pair in String(buffer: buffer).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]) else { continue }
            fields[name] = parts.count > 1 ? decode(parts[1]) ?? "" : ""
        }
        return FormBody(fields: fields)
    }

    private static func decode(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

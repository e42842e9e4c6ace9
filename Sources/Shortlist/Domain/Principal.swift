/// Who is acting: a signed-in user, an API token, the command line, or Shortlist itself.
/// Written into `audit_log` and used for permission checks.
public struct Principal: Sendable, Equatable {
    public enum Kind: String, Sendable { case user, token, cli, system }

    public var kind: Kind
    /// The user's or token's id; nil for the command line and the system.
    public var id: String?
    /// What the audit log shows: an email, `token:<name>`, `cli`, `system`.
    public var label: String
    public var role: Role
    /// The user behind a token, when the token was made for one.
    public var userID: String?

    public init(kind: Kind, id: String?, label: String, role: Role, userID: String? = nil) {
        self.kind = kind
        self.id = id
        self.label = label
        self.role = role
        self.userID = userID
    }

    public static let cli = Principal(kind: .cli, id: nil, label: "cli", role: .admin)
    public static let system = Principal(kind: .system, id: nil, label: "system", role: .admin)
}

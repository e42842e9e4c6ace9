/// Who may do what. Viewers read; recruiters create and run their own campaigns; admins do everything.
public enum Role: String, Sendable, CaseIterable, Codable, Comparable {
    case viewer, recruiter, admin

    private var rank: Int {
        switch self {
        case .viewer: 0
        case .recruiter: 1
        case .admin: 2
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    /// Whether this role may change anything (create, edit, import, delete).
    public var canWrite: Bool { self >= .recruiter }
}

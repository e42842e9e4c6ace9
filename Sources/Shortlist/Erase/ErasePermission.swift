/// Who may erase a person or read everything kept about them: admins only. Both doors (the API
/// and the admin page) ask here.
enum ErasePermission {
    static func mayErase(_ principal: Principal) -> Bool { principal.role == .admin }
    static func mayExport(_ principal: Principal) -> Bool { principal.role == .admin }

    static let eraseRefusal = "only an admin may erase a person"
    static let exportRefusal = "only an admin may export everything kept about a person"
}

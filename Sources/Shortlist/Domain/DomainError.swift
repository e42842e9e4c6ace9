/// A rule in `Domain/` that an input broke, said in words a user can act on.
public enum DomainError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(String)

    public var message: String {
        switch self {
        case .invalid(let message): message
        }
    }

    public var description: String { message }
}

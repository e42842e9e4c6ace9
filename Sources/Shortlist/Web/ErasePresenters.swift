import Foundation

extension APIPresenter {
    /// An erased person's DNC entry: the number is gone, only that it is blocked remains.
    static func hashedDNC(_ entry: HashedDNCEntry) -> JSONValue {
        .object([
            ("phone", .null), ("kept_as", .string("keyed hash of the number (the person was erased)")),
            ("source", .string(entry.source)), ("created_at", .time(entry.listedAt)), ("erased_at", .time(entry.erasedAt)),
        ])
    }
}

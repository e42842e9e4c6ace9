/// One page of a list and the cursor for the next (nil on the last page).
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: String?

    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

/// Asking for a page after a cursor that is not one of ours.
public struct InvalidCursor: Error, Equatable, Sendable {}

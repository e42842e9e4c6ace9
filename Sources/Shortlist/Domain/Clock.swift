import Foundation

/// The current time, behind a protocol so tests can fix it.
public protocol WallClock: Sendable {
    func now() -> Date
}

public struct SystemClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that stays where a test puts it.
public final class FixedClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date) { current = start }

    public func now() -> Date { lock.withLock { current } }

    public func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }

    public func set(_ date: Date) { lock.withLock { current = date } }
}

/// New row ids, behind a protocol so tests get predictable ones.
public protocol IDGenerator: Sendable {
    func next() -> String
}

/// Random UUIDs in lower case: the ids every table uses.
public struct RandomIDGenerator: IDGenerator {
    public init() {}
    public func next() -> String { UUID().uuidString.lowercased() }
}

/// `00000000-0000-0000-0000-000000000001`, `…002`, …: stable ids for golden files.
public final class SequentialIDGenerator: IDGenerator, @unchecked Sendable {
    private let lock = NSLock()
    private var counter = 0

    public init() {}

    public func next() -> String {
        let value = lock.withLock { () -> Int in
            counter += 1
            return counter
        }
        return String(format: "00000000-0000-0000-0000-%012d", value)
    }
}

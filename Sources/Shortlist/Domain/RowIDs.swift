import Foundation

/// New row ids, behind a protocol so tests get predictable ones.
public protocol IDGenerator: Sendable {
    func next() -> String
}

/// Time-ordered UUIDs (version 7, RFC 9562) in lower case: the ids every table uses. The first 48
/// bits are the Unix time in milliseconds and the next 12 a counter within that millisecond, so
/// new rows land at the end of each primary-key index instead of at random pages (a large import
/// got markedly faster), and ids sort in creation order. The other 62 bits are random, read from
/// the kernel 4 KiB at a time (Foundation's `UUID()` makes a system call per id here).
public final class RandomIDGenerator: IDGenerator, @unchecked Sendable {
    private static let hex = Array("0123456789abcdef".utf8)
    private let lock = NSLock()
    private var pool = [UInt8](repeating: 0, count: 4_096)
    private var used = 4_096
    private var lastMillisecond: UInt64 = 0
    private var counter: UInt64 = 0

    public init() {}

    public func next() -> String {
        var bytes = lock.withLock { () -> (UInt64, UInt64) in
            let now = UInt64(max(0, Date().timeIntervalSince1970 * 1000))
            if now > lastMillisecond {
                lastMillisecond = now
                counter = 0
            } else {
                counter += 1
                if counter > 0xFFF {  // more than 4,096 ids in one millisecond: borrow the next one
                    lastMillisecond += 1
                    counter = 0
                }
            }
            let random = randomWord()
            let high = (lastMillisecond << 16) | 0x7000 | counter
            let low = (random & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
            return (high.bigEndian, low.bigEndian)
        }
        return withUnsafeBytes(of: &bytes) { raw in
            var text = [UInt8]()
            text.reserveCapacity(36)
            for (index, byte) in raw.enumerated() {
                if [4, 6, 8, 10].contains(index) { text.append(UInt8(ascii: "-")) }
                text.append(Self.hex[Int(byte >> 4)])
                text.append(Self.hex[Int(byte & 0x0F)])
            }
            return String(decoding: text, as: UTF8.self)
        }
    }

    /// Eight random bytes from the pool (call with the lock held).
    private func randomWord() -> UInt64 {
        if used + 8 > pool.count {
            refill()
            used = 0
        }
        defer { used += 8 }
        return pool.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: used, as: UInt64.self) }
    }

    /// 4 KiB from /dev/urandom in one read; the system generator word by word if that fails.
    private func refill() {
        if let file = FileHandle(forReadingAtPath: "/dev/urandom") {
            defer { try? file.close() }
            if let bytes = try? file.read(upToCount: pool.count), bytes.count == pool.count {
                pool = Array(bytes)
                return
            }
        }
        var generator = SystemRandomNumberGenerator()
        pool.withUnsafeMutableBytes { buffer in
            let words = buffer.bindMemory(to: UInt64.self)
            for index in words.indices { words[index] = generator.next() }
        }
    }
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

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Talks to systemd's notification socket (`Type=notify`): readiness, stopping, watchdog pings.
///
/// Built from an environment dictionary so tests can point it at their own socket. When
/// `NOTIFY_SOCKET` is unset (run by hand, in tests, on macOS) every call is a quiet no-op that
/// returns `false`; a failed send never stops the daemon.
public struct SystemdNotifier: Sendable {
    /// Why a message could not be sent.
    public enum NotifyError: Error, Equatable, Sendable {
        /// `NOTIFY_SOCKET` is not set: not running under a `Type=notify` unit.
        case notConfigured
        /// `NOTIFY_SOCKET` is neither an absolute path nor an abstract `@name`, or is too long.
        case unsupportedAddress(String)
        /// This platform has no `AF_UNIX` datagram support compiled in.
        case unsupportedPlatform
        /// `socket(2)` failed with this errno.
        case socketFailed(errno: Int32)
        /// `sendto(2)` failed with this errno, or sent fewer bytes than asked.
        case sendFailed(errno: Int32)
    }

    /// The raw `NOTIFY_SOCKET` value, when set and not empty.
    public let socketAddress: String?
    private let watchdogMicroseconds: String?
    private let watchdogPID: String?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let socket = environment["NOTIFY_SOCKET"]
        socketAddress = (socket?.isEmpty ?? true) ? nil : socket
        watchdogMicroseconds = environment["WATCHDOG_USEC"]
        watchdogPID = environment["WATCHDOG_PID"]
    }

    /// True when systemd asked for notifications (`NOTIFY_SOCKET` is set).
    public var isEnabled: Bool { socketAddress != nil }

    /// The watchdog timeout systemd enforces (`WATCHDOG_USEC`), or nil when there is none or it
    /// is meant for another process (`WATCHDOG_PID` set to a different pid). This is the full
    /// interval: the caller pings more often, e.g. at half of it.
    public var watchdogInterval: Duration? {
        guard let text = watchdogMicroseconds, let usec = Int64(text), usec > 0 else { return nil }
        if let pidText = watchdogPID {
            guard let pid = Int32(pidText), pid == getpid() else { return nil }
        }
        return .microseconds(usec)
    }

    /// Sends `state` (newline-separated `KEY=VALUE` assignments) as one datagram.
    /// Returns false instead of throwing; see ``send(_:)`` for the reason.
    @discardableResult
    public func notify(_ state: String) -> Bool {
        do {
            try send(state)
            return true
        } catch {
            return false
        }
    }

    /// `READY=1`, with an optional `STATUS=` line shown by `systemctl status`.
    @discardableResult
    public func ready(status: String? = nil) -> Bool {
        notify(status.map { "READY=1\nSTATUS=\($0)" } ?? "READY=1")
    }

    /// `STOPPING=1`: shutdown has begun.
    @discardableResult
    public func stopping() -> Bool {
        notify("STOPPING=1")
    }

    /// `WATCHDOG=1`: the keep-alive ping.
    @discardableResult
    public func watchdog() -> Bool {
        notify("WATCHDOG=1")
    }

    /// `STATUS=…`: a one-line status for `systemctl status`.
    @discardableResult
    public func status(_ text: String) -> Bool {
        notify("STATUS=\(text)")
    }

    /// Sends `state` as one datagram to `NOTIFY_SOCKET`, throwing what went wrong.
    public func send(_ state: String) throws(NotifyError) {
        guard let address = socketAddress else { throw .notConfigured }
        #if canImport(Glibc)
        try Self.sendDatagram(Array(state.utf8), to: address)
        #else
        throw .unsupportedPlatform
        #endif
    }
}

#if canImport(Glibc)
extension SystemdNotifier {
    /// Fills a `sockaddr_un` for a filesystem path (`/run/…`) or an abstract name (`@…`, sent
    /// with a leading NUL and no terminator) and returns it with the address length to pass.
    static func makeAddress(_ address: String) throws(NotifyError) -> (sockaddr_un, socklen_t) {
        var path = Array(address.utf8)
        let isAbstract = path.first == UInt8(ascii: "@")
        guard isAbstract || path.first == UInt8(ascii: "/"), path.count > 1 else {
            throw .unsupportedAddress(address)
        }
        if isAbstract { path[0] = 0 }
        var storage = sockaddr_un()
        let capacity = MemoryLayout.size(ofValue: storage.sun_path)
        // A filesystem path needs room for its terminating NUL; an abstract name does not.
        guard path.count + (isAbstract ? 0 : 1) <= capacity else { throw .unsupportedAddress(address) }
        storage.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &storage.sun_path) { raw in
            raw.copyBytes(from: path)
        }
        let pathOffset = MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path) ?? 2
        let length = pathOffset + path.count + (isAbstract ? 0 : 1)
        return (storage, socklen_t(length))
    }

    static func sendDatagram(_ bytes: [UInt8], to address: String) throws(NotifyError) {
        var (storage, length) = try makeAddress(address)
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .socketFailed(errno: errno) }
        defer { close(fd) }
        let sent = bytes.withUnsafeBytes { buffer in
            withUnsafePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                    sendto(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL), socketAddress, length)
                }
            }
        }
        guard sent == bytes.count else { throw .sendFailed(errno: sent < 0 ? errno : 0) }
    }
}
#endif

import Foundation
import Testing
@testable import Shortlist
#if canImport(Glibc)
import Glibc
#endif

@Suite("Systemd notifier")
struct SystemdNotifierTests {
    @Test("Without NOTIFY_SOCKET the notifier is disabled and sending reports failure")
    func disabledWithoutSocket() throws {
        let notifier = SystemdNotifier(environment: [:])
        #expect(!notifier.isEnabled)
        #expect(!notifier.ready())
        #expect(throws: SystemdNotifier.NotifyError.notConfigured) { try notifier.send("READY=1") }
    }

    @Test("An empty NOTIFY_SOCKET counts as unset")
    func emptySocketIsUnset() {
        #expect(!SystemdNotifier(environment: ["NOTIFY_SOCKET": ""]).isEnabled)
    }

    @Test("A relative socket address is refused rather than guessed at")
    func relativeAddressIsRefused() {
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": "run/notify"])
        #expect(notifier.isEnabled)
        #expect(!notifier.watchdog())
    }

    @Test("A socket that nobody listens on makes notify return false without crashing")
    func missingListenerReturnsFalse() {
        let path = NSTemporaryDirectory() + "shortlist-notify-missing-\(UUID().uuidString.prefix(8))"
        #expect(!SystemdNotifier(environment: ["NOTIFY_SOCKET": path]).stopping())
    }

    #if canImport(Glibc)
    @Test("Ready, stopping and watchdog each arrive as one datagram at a filesystem socket")
    func sendsToFilesystemSocket() throws {
        let path = NSTemporaryDirectory() + "shortlist-notify-\(UUID().uuidString.prefix(8))"
        let receiver = try DatagramReceiver(address: path)
        defer { receiver.close() }
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": path])

        #expect(notifier.isEnabled)
        #expect(notifier.ready(status: "Listening on 127.0.0.1:8080"))
        #expect(receiver.receive() == "READY=1\nSTATUS=Listening on 127.0.0.1:8080")
        #expect(notifier.stopping())
        #expect(receiver.receive() == "STOPPING=1")
        #expect(notifier.watchdog())
        #expect(receiver.receive() == "WATCHDOG=1")
    }

    @Test("An abstract NOTIFY_SOCKET starting with @ reaches the abstract namespace")
    func sendsToAbstractSocket() throws {
        let address = "@shortlist-notify-test-\(UUID().uuidString.prefix(8))"
        let receiver = try DatagramReceiver(address: address)
        defer { receiver.close() }

        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": address]).ready())
        #expect(receiver.receive() == "READY=1")
    }
    #endif

    @Test("No WATCHDOG_USEC means no watchdog interval")
    func watchdogUnset() {
        #expect(SystemdNotifier(environment: [:]).watchdogInterval == nil)
    }

    @Test("A WATCHDOG_USEC that is not a positive number is ignored", arguments: ["", "abc", "0", "-5", "1.5"])
    func watchdogBadValue(value: String) {
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": value]).watchdogInterval == nil)
    }

    @Test("WATCHDOG_USEC gives the full interval; the caller decides how often to ping")
    func watchdogFullInterval() {
        let notifier = SystemdNotifier(environment: ["WATCHDOG_USEC": "30000000"])
        #expect(notifier.watchdogInterval == .seconds(30))
    }

    @Test("A watchdog meant for another process is ignored")
    func watchdogOtherPID() {
        let other = String(getpid() &+ 1)
        let notifier = SystemdNotifier(environment: ["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": other])
        #expect(notifier.watchdogInterval == nil)
    }

    @Test("A WATCHDOG_PID that is not a number disables the watchdog")
    func watchdogBadPID() {
        let notifier = SystemdNotifier(environment: ["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "me"])
        #expect(notifier.watchdogInterval == nil)
    }

    @Test("A watchdog addressed to this process is honoured")
    func watchdogThisPID() {
        let notifier = SystemdNotifier(
            environment: ["WATCHDOG_USEC": "2500000", "WATCHDOG_PID": String(getpid())]
        )
        #expect(notifier.watchdogInterval == .milliseconds(2500))
    }
}

#if canImport(Glibc)
/// A bound AF_UNIX datagram socket standing in for systemd's end of NOTIFY_SOCKET.
private struct DatagramReceiver {
    struct SetupError: Error {
        let step: String
        let code: Int32
    }

    let fd: Int32
    let path: String?

    init(address: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SetupError(step: "socket", code: errno) }
        var bytes = Array(address.utf8)
        let isAbstract = bytes.first == UInt8(ascii: "@")
        if isAbstract { bytes[0] = 0 }
        path = isAbstract ? nil : address
        var storage = sockaddr_un()
        storage.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &storage.sun_path) { $0.copyBytes(from: bytes) }
        let offset = MemoryLayout<sockaddr_un>.offset(of: \sockaddr_un.sun_path) ?? 2
        let length = socklen_t(offset + bytes.count + (isAbstract ? 0 : 1))
        let result = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(fd)
            throw SetupError(step: "bind", code: code)
        }
    }

    /// The next datagram, or nil when none is waiting (local datagrams arrive synchronously).
    func receive() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    func close() {
        Glibc.close(fd)
        if let path { unlink(path) }
    }
}
#endif

import Foundation
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle
@testable import Shortlist
#if canImport(Glibc)
import Glibc
#endif

extension TestApp {
    /// Runs the wired application (the one `serve` runs) on 127.0.0.1 with an ephemeral port,
    /// calls `body` with the port, then shuts the server down.
    func serve<Value: Sendable>(_ body: @Sendable (Int) async throws -> Value) async throws -> Value {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        var config = config
        config.server.listen = "127.0.0.1:0"
        let dependencies = Dependencies(
            database: database, clock: clock, metrics: PrometheusCollectorRegistry(), logger: logger, retell: retellClient,
            webhookKeys: webhookKeys, events: events, doorbell: doorbell, dialerStatus: dialerStatus)
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let app = try buildApplication(config: config, dependencies: dependencies) { portSink.yield($0) }
        let server = ServiceGroup(configuration: .init(services: [app], logger: logger))
        return try await withThrowingTaskGroup(of: Value?.self) { tasks in
            tasks.addTask {
                try await server.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw RawConnection.Failure("the server did not start") }
            let value: Value
            do {
                value = try await body(port)
            } catch {
                await server.triggerGracefulShutdown()
                throw error
            }
            await server.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return value
        }
    }
}

/// A plain TCP connection to 127.0.0.1, to see what the server does with sockets an HTTP client
/// library would never leave idle or half-written.
final class RawConnection {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// What a read saw: the bytes that arrived, and whether the server closed the connection.
    struct Received {
        var text: String
        var closed: Bool
    }

    private var fd: Int32

    /// Connects to `port` on 127.0.0.1.
    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            Glibc.close(fd)
            throw Failure("connect() to port \(port) failed")
        }
    }

    deinit { close() }

    /// Closes from this side.
    func close() {
        guard fd >= 0 else { return }
        Glibc.close(fd)
        fd = -1
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == bytes.count else { throw Failure("send() failed") }
    }

    /// Reads until `marker` has arrived, the server closes, or `timeout` passes. Polls without
    /// blocking, so the server's tasks keep the cooperative threads; looks once more after the
    /// deadline, so a test that was starved of threads still sees what happened meanwhile.
    func read(until marker: String? = nil, timeout: Duration) async throws -> Received {
        let deadline = ContinuousClock.now + timeout
        var bytes: [UInt8] = []
        while true {
            let late = ContinuousClock.now >= deadline
            if let outcome = drain(into: &bytes, until: marker, waitMilliseconds: 0) { return outcome }
            if late { return Received(text: String(decoding: bytes, as: UTF8.self), closed: false) }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// `read` for a thread of its own (see `onOwnThread`): waits in `poll`.
    func readBlocking(until marker: String? = nil, timeout: Duration) -> Received {
        let deadline = ContinuousClock.now + timeout
        var bytes: [UInt8] = []
        while true {
            let late = ContinuousClock.now >= deadline
            if let outcome = drain(into: &bytes, until: marker, waitMilliseconds: late ? 0 : 10) { return outcome }
            if late { return Received(text: String(decoding: bytes, as: UTF8.self), closed: false) }
        }
    }

    /// Takes what has arrived; an outcome once the server closed or `marker` is in.
    private func drain(into bytes: inout [UInt8], until marker: String?, waitMilliseconds: Int32) -> Received? {
        var wait = waitMilliseconds
        while true {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, wait) > 0 else { break }
            wait = 0
            var buffer = [UInt8](repeating: 0, count: 4_096)
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { return Received(text: String(decoding: bytes, as: UTF8.self), closed: true) }
            bytes += buffer.prefix(count)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if let marker, text.contains(marker) { return Received(text: text, closed: false) }
        return nil
    }

    static let healthz = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"

    /// One keep-alive GET of /healthz (a small flat JSON reply); what arrived up to the end of its body.
    func getHealth(timeout: Duration = .seconds(30)) async throws -> Received {
        try send(Self.healthz)
        return try await read(until: "}", timeout: timeout)
    }

    /// `getHealth` for a thread of its own.
    func getHealthBlocking(timeout: Duration = .seconds(30)) throws -> Received {
        try send(Self.healthz)
        return readBlocking(until: "}", timeout: timeout)
    }
}

/// Runs blocking socket work on a thread of its own, so that tests which time a connection are
/// not delayed by a cooperative pool busy with other tests.
func onOwnThread<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

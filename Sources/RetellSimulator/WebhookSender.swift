import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import Retell

/// Posts signed webhooks the way Retell does: `{"event", "call"}` as compact JSON, signed over
/// the exact bytes with the API key, 10 s timeout, any 2xx is success, a failure is retried up
/// to 3 times after a short (time-compressed) delay. The first attempt is awaited by the call's
/// playback, so events leave in order; retries run on their own and block nothing.
struct WebhookSender: Sendable {
    static let maxRetries = 3
    static let timeoutSeconds: Int64 = 10

    let client: HTTPClient
    let apiKey: String
    let clock: @Sendable () -> Int64
    /// Real seconds to wait before each retry.
    let retryDelaySeconds: Double
    let gate: DeliveryGate
    let logger: Logger

    /// Sends `body` to `url`; returns true when the first attempt succeeded. On failure the
    /// retries go to `spawn`, which runs them in the simulator's task group.
    func deliver(
        _ event: SimulatedEvent, callID: String, body: [UInt8], to url: String,
        spawn: @Sendable (@escaping @Sendable () async -> Void) -> Void
    ) async -> Bool {
        await gate.waitWhilePaused()
        if await attempt(event, callID: callID, body: body, to: url, number: 1) { return true }
        spawn {
            for number in 2...(Self.maxRetries + 1) {
                do { try await Task.sleep(for: .seconds(retryDelaySeconds)) } catch { return }
                await gate.waitWhilePaused()
                if await attempt(event, callID: callID, body: body, to: url, number: number) { return }
            }
            logger.warning("webhook given up", metadata: ["event": "\(event.rawValue)", "call_id": "\(callID)"])
        }
        return false
    }

    /// A JSON POST signed as Retell signs its webhooks (`X-Retell-Signature` with the API key).
    static func signedPost(_ url: String, body: [UInt8], key: String, timestampMS: Int64) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Retell-Simulator")
        request.headers.add(name: WebhookSignature.headerName, value: WebhookSignature.sign(body: body, key: key, timestampMS: timestampMS))
        request.body = .bytes(ByteBuffer(bytes: body))
        return request
    }

    /// One POST; true for a 2xx answer within the timeout.
    private func attempt(_ event: SimulatedEvent, callID: String, body: [UInt8], to url: String, number: Int) async -> Bool {
        let request = Self.signedPost(url, body: body, key: apiKey, timestampMS: clock())
        do {
            let response = try await client.execute(request, timeout: .seconds(Self.timeoutSeconds))
            _ = try? await response.body.collect(upTo: 64 * 1024)
            let ok = (200..<300).contains(response.status.code)
            if !ok {
                logger.info("webhook refused", metadata: [
                    "event": "\(event.rawValue)", "call_id": "\(callID)", "status": "\(response.status.code)", "attempt": "\(number)",
                ])
            }
            return ok
        } catch {
            logger.info("webhook failed", metadata: [
                "event": "\(event.rawValue)", "call_id": "\(callID)", "error": "\(error)", "attempt": "\(number)",
            ])
            return false
        }
    }
}

/// Holds webhook deliveries while paused (`RetellSimulator.pauseWebhooks()`), and lets them go
/// on resume.
actor DeliveryGate {
    private var paused = false
    private var waiting: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextTicket = 0

    func setPaused(_ value: Bool) {
        paused = value
        if !value { releaseAll() }
    }

    /// Returns at once unless paused; then when resumed, or when the waiting task is cancelled.
    func waitWhilePaused() async {
        guard paused, !Task.isCancelled else { return }
        let ticket = nextTicket
        nextTicket += 1
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled { continuation.resume() } else { waiting[ticket] = continuation }
            }
        } onCancel: {
            Task { await self.release(ticket) }
        }
    }

    private func release(_ ticket: Int) {
        waiting.removeValue(forKey: ticket)?.resume()
    }

    private func releaseAll() {
        let resumed = waiting.values
        waiting.removeAll()
        for continuation in resumed { continuation.resume() }
    }
}

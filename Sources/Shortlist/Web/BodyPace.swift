import Hummingbird
import HummingbirdCore
import NIOCore

/// Request bodies that trickle in. The idle timeout ends a body that stops, but not one that sends
/// a byte just inside every timeout; so a body must arrive within `grace` plus one second for every
/// `minBytesPerSecond` bytes received so far, or the connection is closed (Hummingbird would
/// otherwise keep reading the rest of it after any answer). A 10 MiB import may take ~3 hours at
/// that pace; a byte a minute is cut after about two.
struct BodyPaceMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// 1 KiB a second: a phone on a poor link sends far faster.
    static let minimumRate = 1_024

    let grace: Duration
    let minBytesPerSecond: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        request.body = HummingbirdCore.RequestBody(asyncSequence: PacedBody(
            base: request.body, channel: context.channel, grace: grace, minBytesPerSecond: max(1, minBytesPerSecond)))
        return try await next(request, context)
    }
}

/// `base`, checked against the pace at each chunk.
struct PacedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    struct TooSlow: Error {}

    let base: HummingbirdCore.RequestBody
    let channel: (any Channel)?
    let grace: Duration
    let minBytesPerSecond: Int

    func makeAsyncIterator() -> Iterator {
        Iterator(base: base.makeAsyncIterator(), pace: self, started: ContinuousClock.now)
    }

    struct Iterator: AsyncIteratorProtocol {
        var base: HummingbirdCore.RequestBody.AsyncIterator
        let pace: PacedBody
        let started: ContinuousClock.Instant
        var received = 0

        mutating func next() async throws -> ByteBuffer? {
            guard let chunk = try await base.next() else { return nil }
            received += chunk.readableBytes
            if !PacedBody.onPace(received: received, elapsed: .now - started, grace: pace.grace, minBytesPerSecond: pace.minBytesPerSecond) {
                pace.channel?.close(promise: nil)
                throw TooSlow()
            }
            return chunk
        }
    }

    /// Whether `received` bytes in `elapsed` keep the pace: elapsed ≤ grace + received ÷ rate.
    static func onPace(received: Int, elapsed: Duration, grace: Duration, minBytesPerSecond: Int) -> Bool {
        elapsed <= grace + .seconds(Double(received) / Double(minBytesPerSecond))
    }
}

import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Wakes the dialer at once: a call ended (a slot is free), a batch started or resumed. A ring
/// while nobody waits is kept (once), so a wake-up between two waits is never lost.
public final class Doorbell: Sendable {
    private struct State {
        var rung = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    public init() {}

    public func ring() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.rung = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns when rung (or rung since the last wait), or after `timeout`.
    public func wait(timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await Task.sleep(for: timeout) }
            group.addTask { await self.waitForRing() }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitForRing() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> Bool in
                    if state.rung {
                        state.rung = false
                        return true
                    }
                    if Task.isCancelled { return true }
                    state.waiter = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume()
        }
    }
}

/// Runs the dialer until shutdown: ticks whenever the doorbell rings or the next due time comes, and
/// at least every `idle` interval. No polling loop. (`dialing` rows left by a previous process are
/// made `unknown` once, by the daemon's start-up, before this service runs.)
public struct DialerService: Service {
    let dialer: Dialer
    let doorbell: Doorbell
    let clock: any WallClock
    let idle: Duration

    public init(dialer: Dialer, doorbell: Doorbell, clock: any WallClock, idle: Duration = .seconds(60)) {
        self.dialer = dialer
        self.doorbell = doorbell
        self.clock = clock
        self.idle = idle
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let now = clock.now()
                let report = await dialer.tick(now: now)
                if report.placed + report.refused + report.unknown + report.rateLimited > 0 || report.halted != nil {
                    dialer.logger.info("dialer", metadata: [
                        "placed": "\(report.placed)", "refused": "\(report.refused)", "unknown": "\(report.unknown)",
                        "rate_limited": "\(report.rateLimited)",
                    ])
                }
                var wait = idle
                if let next = report.nextWake {
                    let seconds = max(0, min(next.timeIntervalSince(now), Double(idle.components.seconds)))
                    wait = .milliseconds(Int64((seconds * 1000).rounded(.up)))
                }
                if wait > .zero { await doorbell.wait(timeout: wait) }
            }
        }
    }
}

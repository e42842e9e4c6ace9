import Foundation
import Logging
import Prometheus
import Retell

/// Everything the application is built from that a test may want to replace.
public struct Dependencies: Sendable {
    public var database: AppDatabase
    public var clock: any WallClock
    public var metrics: PrometheusCollectorRegistry
    public var logger: Logger
    /// Retell (the real HTTP client, pointed at Retell or at the simulator); nil when no key is set.
    public var retell: (any RetellClient)?
    /// Keys webhook signatures are checked against (empty: every webhook is refused).
    public var webhookKeys: [String]
    /// Live updates for `/api/v1/events`, published after each commit.
    public var events: EventHub
    /// Wakes the dialer: rung after a change that may free a slot or make work due.
    public var doorbell: Doorbell
    /// Wakes the background work queue (`WorkQueueService`): rung after a commit that added work.
    public var workBell: Doorbell
    /// Whether Retell stopped dialing (401/402), for `/healthz`.
    public var dialerStatus: DialerStatus
    /// How often an open event stream sends a heartbeat and re-checks its token or session.
    public var eventHeartbeat: Duration

    public init(
        database: AppDatabase, clock: any WallClock, metrics: PrometheusCollectorRegistry, logger: Logger,
        retell: (any RetellClient)?, webhookKeys: [String] = [], events: EventHub = EventHub(),
        doorbell: Doorbell = Doorbell(), workBell: Doorbell = Doorbell(), dialerStatus: DialerStatus = DialerStatus(),
        eventHeartbeat: Duration = .seconds(15)
    ) {
        self.eventHeartbeat = eventHeartbeat
        self.events = events
        self.doorbell = doorbell
        self.workBell = workBell
        self.dialerStatus = dialerStatus
        self.retell = retell
        self.webhookKeys = webhookKeys
        self.database = database
        self.clock = clock
        self.metrics = metrics
        self.logger = logger
    }
}

extension Dependencies {
    /// After a committed change to a call: tell the live dashboard, and wake the dialer when the
    /// call no longer holds a slot or its candidate is due again.
    var afterCallChange: @Sendable (AppliedCall) -> Void {
        { [events, doorbell, workBell] applied in
            LiveEvents.publish(applied, to: events)
            if applied.recordingQueued { workBell.ring() }
            if !applied.call.status.isInFlight || applied.candidate?.status == .queued { doorbell.ring() }
        }
    }
}

import Logging
import Metrics
import NIOCore
import Synchronization

/// `[server] max_connections`: every HTTP connection is counted while it is open; one that would
/// make more than `max` is closed at once, before a byte of it is read, so a flood of idle
/// sockets cannot hold more than `max` descriptors and buffers.
final class ConnectionLimit: Sendable {
    let max: Int
    private let logger: Logger
    private let open = Atomic<Int>(0)
    private let refused = Atomic<Int>(0)

    init(max: Int, logger: Logger) {
        self.max = max
        self.logger = logger
    }

    /// A handler for one new connection's pipeline.
    func handler() -> ConnectionLimitHandler { ConnectionLimitHandler(limit: self) }

    /// Counts a new connection; false when it is over the limit.
    fileprivate func opened() -> Bool {
        let count = open.add(1, ordering: .relaxed).newValue
        guard count > max else { return true }
        Counter(label: "shortlist_connections_refused_total").increment()
        let total = refused.add(1, ordering: .relaxed).newValue
        if total == 1 || total.isMultiple(of: 1_000) {
            logger.warning("connection refused: server.max_connections reached", metadata: [
                "max_connections": "\(max)", "refused_so_far": "\(total)",
            ])
        }
        return false
    }

    fileprivate func closed() {
        open.subtract(1, ordering: .relaxed)
    }
}

/// Counts its connection from the moment it joins the pipeline until the pipeline is torn down,
/// and closes the connection when the count was over the limit.
final class ConnectionLimitHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let limit: ConnectionLimit
    private var counted = false
    private var admitted = true

    fileprivate init(limit: ConnectionLimit) {
        self.limit = limit
    }

    func handlerAdded(context: ChannelHandlerContext) {
        counted = true
        admitted = limit.opened()
        // Hummingbird is still building the pipeline: close on the next turn of the loop.
        if !admitted, context.channel.isActive {
            let channel = context.channel
            context.eventLoop.execute { channel.close(promise: nil) }
        }
    }

    func channelActive(context: ChannelHandlerContext) {
        guard admitted else {
            context.close(promise: nil)
            return
        }
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        guard counted else { return }
        counted = false
        limit.closed()
    }
}

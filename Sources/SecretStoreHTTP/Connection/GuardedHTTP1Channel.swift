import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1 child channel with `RequestBytesObserver` in front of its decoder: the
/// read deadline must start at a request's first byte, which only a handler before the decoder
/// sees. Everything else is `HTTP1Channel`'s (its `ConnectionGuard` comes in through
/// `additionalChannelHandlers`).
struct GuardedHTTP1Channel: ServerChildChannel {
    /// The channel that does the HTTP work.
    let base: HTTP1Channel
    /// Whether to join each flush's writes (`WriteCoalescer`): under TLS, where every write would
    /// otherwise be a record of its own.
    var coalescesWrites = false

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<HTTP1Channel.Value> {
        do {
            // Runs on the channel's event loop (the server's child channel initialiser), after
            // the TLS handler if there is one: the coalescer sits right above it.
            if coalescesWrites { try channel.pipeline.syncOperations.addHandler(WriteCoalescer()) }
            try channel.pipeline.syncOperations.addHandler(RequestBytesObserver())
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return base.setup(channel: channel, logger: logger)
    }

    func handle(value: HTTP1Channel.Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// An HTTP/1 server whose connections are bounded by `configuration`'s idle and read timeouts
    /// and whose protocol errors get the contract's JSON body (see `ConnectionGuard`).
    /// `coalescingWrites` for a channel under TLS (see `WriteCoalescer`).
    static func guardedHTTP1(_ configuration: HTTPConfiguration, coalescingWrites: Bool = false, logger: Logger)
        -> HTTPServerBuilder
    {
        let idleTimeout = TimeAmount(configuration.idleTimeout)
        let readTimeout = TimeAmount(configuration.readTimeout)
        return HTTPServerBuilder { responder in
            // No `idleTimeout` for Hummingbird's own handler: it counts only whole request parts as
            // activity; the guard's deadlines count bytes.
            let channelConfiguration = HTTP1Channel.Configuration(
                additionalChannelHandlers: [
                    ConnectionGuard(idleTimeout: idleTimeout, readTimeout: readTimeout, logger: logger)
                ])
            return GuardedHTTP1Channel(
                base: HTTP1Channel(responder: responder, configuration: channelConfiguration),
                coalescesWrites: coalescingWrites)
        }
    }
}

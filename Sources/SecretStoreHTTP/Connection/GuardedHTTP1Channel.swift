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

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<HTTP1Channel.Value> {
        do {
            // Runs on the channel's event loop (the server's child channel initialiser).
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
    static func guardedHTTP1(_ configuration: HTTPConfiguration, logger: Logger) -> HTTPServerBuilder {
        let idleTimeout = TimeAmount(configuration.idleTimeout)
        let readTimeout = TimeAmount(configuration.readTimeout)
        return HTTPServerBuilder { responder in
            // No `idleTimeout` for Hummingbird's own handler: it counts only whole request parts as
            // activity; the guard's deadlines count bytes.
            let channelConfiguration = HTTP1Channel.Configuration(
                additionalChannelHandlers: [
                    ConnectionGuard(idleTimeout: idleTimeout, readTimeout: readTimeout, logger: logger)
                ])
            return GuardedHTTP1Channel(base: HTTP1Channel(responder: responder, configuration: channelConfiguration))
        }
    }
}

import NIOCore

/// The first handler of a connection, before the HTTP decoder: tells `ConnectionGuard` (by the
/// user event `RequestBytesArrived`) that bytes arrived, so that a request's read deadline starts
/// at its first byte, not once its head is whole: a head sent a byte at a time (slowloris) is
/// bounded too.
final class RequestBytesObserver: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if unwrapInboundIn(data).readableBytes > 0 { context.fireUserInboundEventTriggered(RequestBytesArrived()) }
        context.fireChannelRead(data)
    }
}

/// Bytes arrived on the connection; fired before they reach the HTTP decoder.
struct RequestBytesArrived: Sendable {}

@available(*, unavailable)
extension RequestBytesObserver: Sendable {}

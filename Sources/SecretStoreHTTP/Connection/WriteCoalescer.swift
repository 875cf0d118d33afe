import NIOCore

/// Joins the small writes of one flush into one buffer before the TLS handler, which seals every
/// write as a record of its own: a response's head and body then cost one TLS record, not two.
/// Writes that would make the joined buffer larger than one TLS record (16 KiB) pass through as
/// they are, after what was joined so far, so large bodies are never copied.
final class WriteCoalescer: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    /// The largest joined buffer: TLS's largest record payload.
    static let limit = 16 * 1024

    private var pending: ByteBuffer?
    /// Completes when the joined buffer is written; the promises of the writes joined into it
    /// follow it.
    private var pendingPromise: EventLoopPromise<Void>?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .byteBuffer(let buffer) = unwrapOutboundIn(data),
            buffer.readableBytes + (pending?.readableBytes ?? 0) <= Self.limit
        else {
            writePending(context)
            context.write(data, promise: promise)
            return
        }
        if pending == nil {
            pending = buffer
        } else {
            pending!.writeImmutableBuffer(buffer)
        }
        guard let promise else { return }
        if let pendingPromise {
            pendingPromise.futureResult.cascade(to: promise)
        } else {
            pendingPromise = promise
        }
    }

    func flush(context: ChannelHandlerContext) {
        writePending(context)
        context.flush()
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        // Unflushed writes stay unflushed: the handlers below fail them as the channel closes.
        writePending(context)
        context.close(mode: mode, promise: promise)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        writePending(context)
    }

    /// Passes on what was joined so far, without flushing.
    private func writePending(_ context: ChannelHandlerContext) {
        guard let buffer = pending else { return }
        let promise = pendingPromise
        pending = nil
        pendingPromise = nil
        context.write(wrapOutboundOut(.byteBuffer(buffer)), promise: promise)
    }
}

@available(*, unavailable)
extension WriteCoalescer: Sendable {}

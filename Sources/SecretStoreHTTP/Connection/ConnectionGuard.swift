import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Bounds what one client can hold, and answers what the HTTP decoder refuses. Sits after the
/// HTTP/1 decoder (it sees whole request parts) and before Hummingbird's request handling:
///
/// - an idle connection (no request in progress, no bytes) is closed after the idle timeout;
/// - a request whose head and body have not arrived within the read timeout of its first byte
///   gets 408 `REQUEST_TIMEOUT` (or, if its answer has started, the connection is closed);
/// - malformed HTTP (a bad request line, header, chunk size or trailer; a body cut short) gets 400
///   `BAD_REQUEST` with the contract's JSON body instead of Hummingbird's empty one, and the
///   connection closes. A request whose answer was already written gets no second one.
///
/// After the guard answered, every response part the application still writes is dropped, so
/// that a request never gets two answers.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var state: ConnectionGuardStateMachine
    private var timer: (deadline: NIODeadline, task: Scheduled<Void>)?
    private let logger: Logger

    init(idleTimeout: TimeAmount, readTimeout: TimeAmount, logger: Logger) {
        state = ConnectionGuardStateMachine(idleTimeout: idleTimeout, readTimeout: readTimeout, now: .now())
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        rearm(context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimer()
    }

    func channelInactive(context: ChannelHandlerContext) {
        state.closed()
        cancelTimer()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: state.requestHeadRead(now: .now())
        case .body: break
        case .end: state.requestEndRead(now: .now())
        }
        rearm(context)
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is RequestBytesArrived else { return context.fireUserInboundEventTriggered(event) }
        state.bytesArrived(now: .now())
        rearm(context)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Hummingbird sees the error first, while the channel is still open: a route reading the
        // body must fail, not see the body end early when the close below finishes the stream.
        context.fireErrorCaught(error)
        guard let parserError = error as? HTTPParserError else { return }
        // Bytes after a request that said `Connection: close` (a client that writes its next
        // request before it sees the close): RFC 9112 §9.6 has the server ignore them, so they get
        // no answer; the connection closes once the answer in progress is written.
        guard parserError != .closedConnection else { return }
        logger.debug("Malformed HTTP request", metadata: ["error": "\(error)"])
        perform(state.protocolErrorCaught("\(error)", now: .now()), context: context)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let action: ConnectionGuardStateMachine.WriteAction
        switch unwrapOutboundIn(data) {
        case .head: action = state.responseHeadWritten()
        case .body: action = state.responseBodyWritten()
        case .end: action = state.responseEndWritten(now: .now())
        }
        switch action {
        case .forward:
            context.write(data, promise: promise)
            rearm(context)
        case .forwardAndClose:
            cancelTimer()
            writeThenClose(data, promise: promise, context: context)
        case .drop:
            promise?.fail(ChannelError.ioOnClosedChannel)
        }
    }

    private func perform(_ action: ConnectionGuardStateMachine.Action, context: ChannelHandlerContext) {
        switch action {
        case .none:
            rearm(context)
        case .close:
            cancelTimer()
            logger.debug("Closing connection", metadata: ["reason": "deadline or malformed request"])
            context.close(promise: nil)
        case .answerAndClose(let error):
            cancelTimer()
            logger.debug("Answering and closing connection", metadata: ["status": "\(error.status.code)"])
            let body = error.encodedBody()
            var fields = HTTPFields()
            fields[.contentType] = "application/json"
            fields[.contentLength] = String(body.readableBytes)
            fields[.connection] = "close"
            context.write(
                wrapOutboundOut(.head(HTTPResponse(status: error.status, headerFields: fields))), promise: nil)
            context.write(wrapOutboundOut(.body(body)), promise: nil)
            writeThenClose(wrapOutboundOut(.end(nil)), promise: nil, context: context)
        }
    }

    /// Writes and flushes `data`, then closes once it was written (closing at once would discard a
    /// write the socket has not taken yet).
    private func writeThenClose(_ data: NIOAny, promise: EventLoopPromise<Void>?, context: ChannelHandlerContext) {
        let written = context.eventLoop.makePromise(of: Void.self)
        if let promise { written.futureResult.cascade(to: promise) }
        context.writeAndFlush(data, promise: written)
        written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }

    /// Schedules the check of the state's next deadline, unless it is already scheduled.
    private func rearm(_ context: ChannelHandlerContext) {
        let next = state.nextDeadline
        guard timer?.deadline != next else { return }
        cancelTimer()
        guard let next else { return }
        let task = context.eventLoop.assumeIsolated().scheduleTask(deadline: next) {
            self.timer = nil
            self.perform(self.state.deadlineReached(now: .now()), context: context)
        }
        timer = (next, task)
    }

    private func cancelTimer() {
        timer?.task.cancel()
        timer = nil
    }
}

@available(*, unavailable)
extension ConnectionGuard: Sendable {}

import HTTPTypes
import NIOCore

/// What one HTTP/1 connection is doing, for its two deadlines and its error answers: the idle
/// deadline (nothing in progress, no bytes arriving) and the read deadline (a request's head and
/// body, from its first byte to its end). Also decides whether the server may still answer a
/// request itself (408, 400) or must close instead, so that a request never gets two answers.
///
/// Requests are answered in order, one response at a time; `unansweredRequests` counts request
/// heads read minus responses ended.
struct ConnectionGuardStateMachine {
    /// The request whose bytes are arriving.
    struct RequestRead {
        /// When reading it must be over.
        var deadline: NIODeadline
        /// Whether its head has been decoded (before that only bytes have arrived).
        var headSeen: Bool
    }

    /// What the handler does after an event.
    enum Action: Equatable {
        /// Nothing.
        case none
        /// Write this error answer, then close.
        case answerAndClose(APIError)
        /// Close now.
        case close
    }

    /// What to do with a response part the application writes.
    enum WriteAction: Equatable {
        /// Pass it on.
        case forward
        /// Pass it on, then close: it ended the response the connection waited for.
        case forwardAndClose
        /// Drop it: the connection answered for itself or is closing.
        case drop
    }

    let idleTimeout: TimeAmount
    let readTimeout: TimeAmount
    private(set) var requestRead: RequestRead?
    private(set) var unansweredRequests = 0
    private(set) var responseOpen = false
    /// When the connection last became idle (nothing being read, every request answered).
    private(set) var idleSince: NIODeadline?
    /// The connection answered for itself, or gave up: every later write is dropped.
    private(set) var isClosing = false
    /// Close once the response being written (or owed to an earlier request) ends.
    private(set) var closeAfterResponse = false

    /// A new connection: idle from `now`.
    init(idleTimeout: TimeAmount, readTimeout: TimeAmount, now: NIODeadline) {
        self.idleTimeout = idleTimeout
        self.readTimeout = readTimeout
        self.idleSince = now
    }

    /// The next moment a deadline may pass, if any is running.
    var nextDeadline: NIODeadline? {
        guard !isClosing else { return nil }
        if let requestRead { return requestRead.deadline }
        return idleSince.map { $0 + idleTimeout }
    }

    /// Bytes arrived from the client: the first bytes of a request start its read deadline.
    mutating func bytesArrived(now: NIODeadline) {
        guard !isClosing, requestRead == nil else { return }
        requestRead = RequestRead(deadline: now + readTimeout, headSeen: false)
        idleSince = nil
    }

    /// A request head was decoded. Its bytes may have arrived with the end of the previous request,
    /// before that request ended: then its read deadline starts now.
    mutating func requestHeadRead(now: NIODeadline) {
        if requestRead == nil { requestRead = RequestRead(deadline: now + readTimeout, headSeen: false) }
        requestRead?.headSeen = true
        unansweredRequests += 1
        idleSince = nil
    }

    /// The end of a request (after its body) was decoded.
    mutating func requestEndRead(now: NIODeadline) {
        requestRead = nil
        becomeIdleIfNothingInProgress(now: now)
    }

    /// The application writes a response head.
    mutating func responseHeadWritten() -> WriteAction {
        guard !isClosing else { return .drop }
        responseOpen = true
        return .forward
    }

    /// The application writes a response body part.
    func responseBodyWritten() -> WriteAction {
        isClosing ? .drop : .forward
    }

    /// The application ends a response.
    mutating func responseEndWritten(now: NIODeadline) -> WriteAction {
        guard !isClosing else { return .drop }
        responseOpen = false
        unansweredRequests = max(0, unansweredRequests - 1)
        if closeAfterResponse {
            isClosing = true
            return .forwardAndClose
        }
        becomeIdleIfNothingInProgress(now: now)
        return .forward
    }

    /// The scheduled deadline check ran. A request read past its deadline gets 408 if it can still
    /// be answered, else the connection closes: a client that stalls is not waited for.
    mutating func deadlineReached(now: NIODeadline) -> Action {
        guard !isClosing else { return .none }
        if let requestRead {
            guard now >= requestRead.deadline else { return .none }
            if canAnswer { return answer(RequestError(.timedOut, timeoutMessage)) }
            isClosing = true
            return .close
        }
        if let idleSince, now >= idleSince + idleTimeout {
            isClosing = true
            return .close
        }
        return .none
    }

    /// The client sent something that is not HTTP/1.1 (a bad request line, header, chunk size or
    /// trailer, a body cut short): 400 if the request can still be answered; else, if a response is
    /// on its way, close once it ends (the read deadline still runs); else close now.
    mutating func protocolErrorCaught(_ description: String, now: NIODeadline) -> Action {
        guard !isClosing else { return .none }
        if canAnswer {
            return answer(RequestError(.malformed, "malformed HTTP request: \(description)"))
        }
        if responseOpen || unansweredRequests > currentRequestCount {
            closeAfterResponse = true
            // The wait for that response is bounded like a read: nothing more will be decoded.
            if requestRead == nil { requestRead = RequestRead(deadline: now + readTimeout, headSeen: false) }
            return .none
        }
        // This request was answered already (say 401 before its body was read): one answer only.
        isClosing = true
        return .close
    }

    /// The connection closed.
    mutating func closed() {
        isClosing = true
    }

    /// 1 while a request whose head was decoded is being read, else 0.
    private var currentRequestCount: Int { requestRead?.headSeen == true ? 1 : 0 }

    /// Whether the server may answer the request being read itself: nothing written for it, nothing
    /// owed to an earlier request.
    private var canAnswer: Bool { !responseOpen && unansweredRequests == currentRequestCount }

    private var timeoutMessage: String { "the request was not received within \(Self.seconds(readTimeout)) s" }

    private mutating func answer(_ refusal: RequestError) -> Action {
        isClosing = true
        return .answerAndClose(APIError(refusal))
    }

    private mutating func becomeIdleIfNothingInProgress(now: NIODeadline) {
        if requestRead == nil, unansweredRequests == 0, !responseOpen { idleSince = now }
    }

    private static func seconds(_ amount: TimeAmount) -> String {
        let milliseconds = amount.nanoseconds / 1_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000)" : "\(Double(milliseconds) / 1000)"
    }
}

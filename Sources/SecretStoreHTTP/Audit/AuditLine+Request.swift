import Hummingbird
import NIOCore
import SecretStoreCore

extension AuditLine {
    /// The line of one answered request, from what its parts noted, with every path hidden.
    init(
        request: Request, context: SecretStoreRequestContext, facts: RequestAuditRecord.Facts, status: Int,
        time: AuditTimestamp, duration: Duration, hasher: AuditPathHasher
    ) {
        let reason = facts.reason ?? (status < 400 ? "ok" : "HTTP_\(status)")
        var object = facts.object.map(hasher.resource)
        var action = facts.action
        var resolve: ResolveAuditFacts?
        if let facts = facts.resolve {
            let decision = ResolveAuditFacts.Decision(
                status: status, reason: reason, validate: request.uri.queryParameters.get("validate") == "true")
            let offending = facts.offending.map { hasher.path($0) }
            resolve = ResolveAuditFacts(
                space: facts.space.map { hasher.path($0) }, paths: facts.paths.map { hasher.path($0) },
                offending: offending, validate: request.uri.queryParameters.get("validate") == "true",
                decision: decision)
            if decision == .forbidden, let denied = facts.offending.first {
                object = hasher.resource(ResourceID.secret(denied).rawValue)
                action = PermissionAction.read.rawValue
            }
        }
        let (seconds, attoseconds) = duration.components
        self.init(
            time: time, requestID: context.id, uid: facts.uid, sourceIP: context.remoteAddress?.auditIPAddress,
            sourcePort: context.remoteAddress?.port, method: request.method.rawValue,
            requestURI: AuditRequestURI.hiding(request.uri, route: context.endpointPath, hasher: hasher),
            object: object, action: action, status: status, reason: reason,
            durationMilliseconds: Double(seconds) * 1000 + Double(attoseconds) / 1e15, resolve: resolve)
    }
}

extension ResolveAuditFacts.Decision {
    /// What a resolve call answered `status` with the error code `reason` came to.
    init(status: Int, reason: String, validate: Bool) {
        switch (status, reason) {
        case (200..<300, _): self = validate ? .validated : .delivered
        case (_, "SPACE_DENIED"): self = .spaceDenied
        case (_, "FORBIDDEN"): self = .forbidden
        case (_, "NOT_FOUND"): self = .missing
        case (_, "SEALED"): self = .sealed
        case (401, _): self = .unauthenticated
        case (400..<500, _): self = .invalid
        default: self = .failed
        }
    }
}

extension SocketAddress {
    /// The IP address as an audit line shows it: an IPv4 address is written without `inet_ntop`
    /// and its buffers (every request's line has one), into a string short enough to need no
    /// allocation; IPv6 as `ipAddress` writes it.
    var auditIPAddress: String? {
        guard case .v4(let address) = self else { return ipAddress }
        let value = UInt32(bigEndian: address.address.sin_addr.s_addr)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 15) { buffer in
            var count = 0
            for shift in stride(from: UInt32(24), through: 0, by: -8) {
                if shift != 24 {
                    buffer[count] = UInt8(ascii: ".")
                    count += 1
                }
                let octet = UInt8(truncatingIfNeeded: value >> shift)
                if octet >= 100 {
                    buffer[count] = UInt8(ascii: "0") + octet / 100
                    count += 1
                }
                if octet >= 10 {
                    buffer[count] = UInt8(ascii: "0") + octet / 10 % 10
                    count += 1
                }
                buffer[count] = UInt8(ascii: "0") + octet % 10
                count += 1
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
        }
    }
}

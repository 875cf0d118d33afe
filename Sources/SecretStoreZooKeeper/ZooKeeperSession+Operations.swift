import CZooKeeper

/// Data and metadata of a znode.
public struct ZooKeeperNode: Sendable, Hashable {
    /// The node's data; empty when it has none.
    public var data: [UInt8]
    /// The node's metadata.
    public var stat: ZooKeeperStat
}

/// Calls `body` with a C pointer and length for `bytes`; the library copies them before returning.
func withCData<R>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>, Int32) -> R) -> R {
    bytes.withUnsafeBytes { raw in
        // The library treats a null pointer as "no data" (length -1); empty data gets a real pointer.
        guard let base = raw.baseAddress, raw.count > 0 else { return "".withCString { body($0, 0) } }
        return body(base.assumingMemoryBound(to: CChar.self), Int32(raw.count))
    }
}

extension ZooKeeperSession {
    /// Reads a node's data and metadata. Throws `.noNode` if it does not exist.
    public func get(_ path: String, deadline: ContinuousClock.Instant) async throws -> ZooKeeperNode {
        try await perform("zoo_aget", path: path, deadline: deadline) { context in
            path.withCString { cPath in
                zoo_aget(
                    handle, cPath, 0,
                    { rc, value, length, stat, data in
                        let completion = Unmanaged<Completion<ZooKeeperNode>>.fromOpaque(data!)
                            .takeRetainedValue()
                        guard rc == ZOK.rawValue, let stat else { return completion.fail(code: rc) }
                        // The buffer belongs to the library and is freed after we return: copy it now.
                        // A node with null data reports length -1.
                        let bytes =
                            (value != nil && length > 0)
                            ? Array(UnsafeRawBufferPointer(start: value, count: Int(length))) : []
                        completion.succeed(ZooKeeperNode(data: bytes, stat: ZooKeeperStat(stat.pointee)))
                    }, context)
            }
        }
    }

    /// A node's metadata, or `nil` if it does not exist.
    public func exists(_ path: String, deadline: ContinuousClock.Instant) async throws -> ZooKeeperStat? {
        try await perform("zoo_aexists", path: path, deadline: deadline) { context in
            path.withCString { cPath in
                zoo_aexists(handle, cPath, 0, statCompletion, context)
            }
        }
    }

    /// Creates a persistent node with this session's ACL. Throws `.nodeExists`, or `.noNode` when
    /// the parent is missing.
    public func create(_ path: String, data: [UInt8], deadline: ContinuousClock.Instant) async throws {
        try checkSize(
            ZooKeeperRequestSize.single(path: path, dataCount: data.count), operation: "zoo_acreate", path: path)
        let acl = cACL
        let _: Void = try await perform("zoo_acreate", path: path, deadline: deadline) { context in
            path.withCString { cPath in
                withCData(data) { bytes, length in
                    zoo_acreate(
                        handle, cPath, bytes, length, acl, cszk_persistent(),
                        { rc, _, data in
                            let completion = Unmanaged<Completion<Void>>.fromOpaque(data!).takeRetainedValue()
                            rc == ZOK.rawValue ? completion.succeed(()) : completion.fail(code: rc)
                        }, context)
                }
            }
        }
    }

    /// Replaces a node's data if its version is `version` (`-1`: any). Returns the new metadata.
    @discardableResult
    public func set(
        _ path: String, data: [UInt8], version: Int32, deadline: ContinuousClock.Instant
    ) async throws -> ZooKeeperStat {
        try checkSize(ZooKeeperRequestSize.single(path: path, dataCount: data.count), operation: "zoo_aset", path: path)
        return try await perform("zoo_aset", path: path, deadline: deadline) { context in
            path.withCString { cPath in
                withCData(data) { bytes, length in
                    zoo_aset(
                        handle, cPath, bytes, length, version,
                        { rc, stat, data in
                            let completion = Unmanaged<Completion<ZooKeeperStat>>.fromOpaque(data!)
                                .takeRetainedValue()
                            guard rc == ZOK.rawValue, let stat else { return completion.fail(code: rc) }
                            completion.succeed(ZooKeeperStat(stat.pointee))
                        }, context)
                }
            }
        }
    }

    /// Deletes a node if its version is `version` (`-1`: any). Throws `.notEmpty` if it has children.
    public func delete(_ path: String, version: Int32, deadline: ContinuousClock.Instant) async throws {
        let _: Void = try await perform("zoo_adelete", path: path, deadline: deadline) { context in
            path.withCString { cPath in
                zoo_adelete(handle, cPath, version, voidCompletion, context)
            }
        }
    }

    /// The names of a node's children, in no particular order.
    public func children(_ path: String, deadline: ContinuousClock.Instant) async throws -> [String] {
        try await perform("zoo_aget_children", path: path, deadline: deadline) { context in
            path.withCString { cPath in
                zoo_aget_children(handle, cPath, 0, childrenCompletion, context)
            }
        }
    }

    /// The names of a node's children, in no particular order, and the node's own metadata, in one
    /// round trip. Throws `.noNode` if it does not exist.
    public func childrenAndStat(
        _ path: String, deadline: ContinuousClock.Instant
    ) async throws -> (names: [String], stat: ZooKeeperStat) {
        try await perform("zoo_aget_children2", path: path, deadline: deadline) { context in
            path.withCString { cPath in
                zoo_aget_children2(handle, cPath, 0, childrenAndStatCompletion, context)
            }
        }
    }

    /// Authenticates this session with the `digest` scheme. The library re-sends it on reconnect.
    public func addDigestAuth(user: String, password: String, deadline: ContinuousClock.Instant) async throws {
        let credential = Array("\(user):\(password)".utf8)
        let _: Void = try await perform("zoo_add_auth", path: nil, deadline: deadline) { context in
            withCData(credential) { bytes, length in
                // The library keeps its own copy of the credential for re-authentication.
                zoo_add_auth(handle, "digest", bytes, length, voidCompletion, context)
            }
        }
    }
}

/// Completion for calls that report only a code.
func voidCompletion(_ rc: Int32, _ data: UnsafeRawPointer?) {
    let completion = Unmanaged<Completion<Void>>.fromOpaque(data!).takeRetainedValue()
    rc == ZOK.rawValue ? completion.succeed(()) : completion.fail(code: rc)
}

/// Completion for calls that report a Stat; `ZNONODE` is an answer (`nil`), not an error.
func statCompletion(_ rc: Int32, _ stat: UnsafePointer<Stat>?, _ data: UnsafeRawPointer?) {
    let completion = Unmanaged<Completion<ZooKeeperStat?>>.fromOpaque(data!).takeRetainedValue()
    if rc == ZOK.rawValue, let stat {
        completion.succeed(ZooKeeperStat(stat.pointee))
    } else if rc == ZNONODE.rawValue {
        completion.succeed(nil)
    } else {
        completion.fail(code: rc)
    }
}

/// Completion for children listings.
func childrenCompletion(_ rc: Int32, _ strings: UnsafePointer<String_vector>?, _ data: UnsafeRawPointer?) {
    let completion = Unmanaged<Completion<[String]>>.fromOpaque(data!).takeRetainedValue()
    guard rc == ZOK.rawValue else { return completion.fail(code: rc) }
    completion.succeed(copyNames(strings))
}

/// Completion for children listings with the parent's metadata.
func childrenAndStatCompletion(
    _ rc: Int32, _ strings: UnsafePointer<String_vector>?, _ stat: UnsafePointer<Stat>?, _ data: UnsafeRawPointer?
) {
    let completion = Unmanaged<Completion<(names: [String], stat: ZooKeeperStat)>>.fromOpaque(data!)
        .takeRetainedValue()
    guard rc == ZOK.rawValue, let stat else { return completion.fail(code: rc) }
    completion.succeed((copyNames(strings), ZooKeeperStat(stat.pointee)))
}

/// The names in a children vector. The vector belongs to the library and is freed after the
/// completion returns, so the names are copied.
private func copyNames(_ strings: UnsafePointer<String_vector>?) -> [String] {
    var names: [String] = []
    if let vector = strings?.pointee, let entries = vector.data {
        names.reserveCapacity(Int(vector.count))
        for index in 0..<Int(vector.count) {
            if let name = entries[index] { names.append(String(cString: name)) }
        }
    }
    return names
}

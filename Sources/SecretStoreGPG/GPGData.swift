import CGPGME

/// One gpgme data object (`gpgme_data_t`): the buffer an operation reads from or writes into.
///
/// Used only inside `GPGContext`, under its lock; never shared between threads.
final class GPGData {
    /// The gpgme handle; `nil` once released.
    private var handle: OpaquePointer?
    /// Whether the contents may be secret (plaintext, secret keys): zeroed before gpgme frees them.
    private let isSensitive: Bool

    private init(handle: OpaquePointer, isSensitive: Bool) {
        self.handle = handle
        self.isSensitive = isSensitive
    }

    /// An empty in-memory buffer for gpgme to write into; `isSensitive` zeroes it when released.
    convenience init(isSensitive: Bool = false) throws(GPGError) {
        var created: OpaquePointer?
        try GPGError.check(gpgme_data_new(&created), "gpgme_data_new")
        guard let created else { throw GPGError(.general, operation: "gpgme_data_new") }
        self.init(handle: created, isSensitive: isSensitive)
    }

    /// Runs `body` with a data object that reads `bytes` in place, then releases it.
    ///
    /// gpgme makes no copy of the whole input (it streams it to gpg through a small buffer of its
    /// own), so a plaintext is not duplicated in its heap.
    static func withReading<Result>(
        _ bytes: [UInt8], _ body: (GPGData) throws(GPGError) -> Result
    ) throws(GPGError) -> Result {
        try bytes.withUnsafeBufferPointer { (buffer) throws(GPGError) -> Result in
            var created: OpaquePointer?
            if let base = buffer.baseAddress, buffer.count > 0 {
                // copy = 0: gpgme reads the caller's buffer in place; it must outlive the data
                // object, which the release below guarantees.
                try GPGError.check(
                    base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                        gpgme_data_new_from_mem(&created, chars, buffer.count, 0)
                    },
                    "gpgme_data_new_from_mem")
            } else {
                // gpgme_data_new_from_mem rejects a NULL buffer; an empty data object reads as empty.
                try GPGError.check(gpgme_data_new(&created), "gpgme_data_new")
            }
            guard let created else { throw GPGError(.general, operation: "gpgme_data_new_from_mem") }
            let data = GPGData(handle: created, isSensitive: false)
            defer { data.release() }
            return try body(data)
        }
    }

    /// The handle, for a gpgme call made by `GPGContext`.
    var pointer: OpaquePointer {
        guard let handle else { preconditionFailure("GPGData used after release") }
        return handle
    }

    /// Everything written so far; releases the data object (zeroing gpgme's buffer if sensitive).
    func takeBytes() -> [UInt8] {
        releaseMemory(copying: true)
    }

    /// Releases the data object now, zeroing gpgme's buffer first if sensitive.
    func release() {
        if isSensitive {
            _ = releaseMemory(copying: false)
        } else if let handle {
            self.handle = nil
            gpgme_data_release(handle)
        }
    }

    private func releaseMemory(copying: Bool) -> [UInt8] {
        guard let handle else { return [] }
        self.handle = nil
        var length = 0
        // Only valid for memory-backed data (gpgme_data_new): hands us gpgme's own buffer, which
        // we must free with gpgme_free. NULL for an empty buffer.
        guard let memory = gpgme_data_release_and_get_mem(handle, &length) else { return [] }
        let bytes = copying ? [UInt8](UnsafeRawBufferPointer(start: memory, count: length)) : []
        if isSensitive {
            // Buffers gpgme reallocated while growing, and its pipe buffers, are freed without
            // zeroing; this final buffer at least is wiped.
            csgpg_wipe(memory, length)
        }
        gpgme_free(memory)
        return bytes
    }

    deinit {
        release()
    }
}

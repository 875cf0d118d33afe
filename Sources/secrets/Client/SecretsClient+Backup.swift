import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import SecretStoreWire

extension SecretsClient {
    /// How long a backup or a restore may take in all: they move the whole store.
    static let transferTimeout = TimeAmount.hours(2)

    /// `GET path`, the answer's body handed to `write` piece by piece as it arrives (never held
    /// whole); returns the SHA-256 of the body without its last 32 bytes, and those bytes, so that
    /// a backup's trailer can be checked without reading the file again.
    func download(_ path: String, into write: (ByteBuffer) throws -> Void) async throws -> (
        digest: [UInt8], trailer: [UInt8], byteCount: Int
    ) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .GET
        request.tlsConfiguration = tlsConfiguration
        request.headers.add(name: "Accept", value: BackupFileFormat.contentType)
        if let token { request.headers.add(name: "Authorization", value: "token=\(token)") }
        let response: HTTPClientResponse
        do {
            response = try await Self.transport.execute(request, timeout: Self.transferTimeout)
        } catch {
            throw unreachable(error)
        }
        let status = Int(response.status.code)
        guard status == 200 else {
            let body = try await response.body.collect(upTo: Self.maximumAnswerSize)
            throw refusal(status: status, headers: response.headers, body: Data(body.readableBytesView))
        }
        var hasher = SHA256()
        var held: [UInt8] = []
        var byteCount = 0
        do {
            for try await piece in response.body {
                try write(piece)
                byteCount += piece.readableBytes
                // The last 32 bytes seen so far are held back from the hash: they may be the trailer.
                held += piece.readableBytesView
                if held.count > BackupFileFormat.trailerByteCount {
                    let cut = held.count - BackupFileFormat.trailerByteCount
                    hasher.update(data: held[..<cut])
                    held.removeFirst(cut)
                }
            }
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("the backup from \(baseURL) was cut off after \(byteCount) bytes: \(error)")
        }
        return (Array(hasher.finalize()), held, byteCount)
    }

    /// `PUT path` with the file at `file` as `application/octet-stream`, read from a mapping of the
    /// file rather than copied into memory; throws a `CLIError` for anything but a 2xx answer.
    func upload(_ path: String, file: String) async throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file), options: .alwaysMapped)
        } catch {
            throw CLIError("cannot read \(file): \(error.localizedDescription)")
        }
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .PUT
        request.tlsConfiguration = tlsConfiguration
        request.headers.add(name: "Accept", value: Payload.jsonType)
        request.headers.add(name: "Content-Type", value: BackupFileFormat.contentType)
        if let token { request.headers.add(name: "Authorization", value: "token=\(token)") }
        request.body = .bytes(data)
        let response: HTTPClientResponse
        do {
            response = try await Self.transport.execute(request, timeout: Self.transferTimeout)
        } catch {
            throw unreachable(error)
        }
        let body = try await response.body.collect(upTo: Self.maximumAnswerSize)
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            throw refusal(status: status, headers: response.headers, body: Data(body.readableBytesView))
        }
    }
}

import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import Testing

@testable import SecretStoreHTTP

@Suite("Write coalescer")
struct WriteCoalescerTests {
    /// What reached the handler below the coalescer, write by write.
    static func written(_ channel: EmbeddedChannel) throws -> [ByteBuffer] {
        var buffers: [ByteBuffer] = []
        while let data = try channel.readOutbound(as: IOData.self) {
            guard case .byteBuffer(let buffer) = data else { continue }
            buffers.append(buffer)
        }
        return buffers
    }

    @Test func oneFlushsSmallWritesLeaveAsOneBufferAndEveryPromiseCompletes() throws {
        let channel = EmbeddedChannel(handler: WriteCoalescer())
        let head = channel.eventLoop.makePromise(of: Void.self)
        let body = channel.eventLoop.makePromise(of: Void.self)
        channel.write(IOData.byteBuffer(ByteBuffer(string: "HTTP/1.1 200 OK\r\n\r\n")), promise: head)
        channel.write(IOData.byteBuffer(ByteBuffer(string: "{\"value\":\"v\"}")), promise: body)
        #expect(try Self.written(channel).isEmpty, "nothing leaves before the flush")
        channel.flush()
        let buffers = try Self.written(channel)
        #expect(buffers.map { String(buffer: $0) } == ["HTTP/1.1 200 OK\r\n\r\n{\"value\":\"v\"}"])
        // EmbeddedChannel completes writes as they leave: both promises are done by now.
        let completed = NIOLockedValueBox(0)
        for promise in [head, body] { promise.futureResult.whenSuccess { completed.withLockedValue { $0 += 1 } } }
        #expect(completed.withLockedValue { $0 } == 2)
        _ = try channel.finish()
    }

    @Test func aWritePastOneRecordPassesThroughUncopiedAfterWhatWasJoined() throws {
        let channel = EmbeddedChannel(handler: WriteCoalescer())
        let large = ByteBuffer(repeating: 0xa5, count: WriteCoalescer.limit)
        channel.write(IOData.byteBuffer(ByteBuffer(string: "head")), promise: nil)
        channel.write(IOData.byteBuffer(large), promise: nil)
        channel.write(IOData.byteBuffer(ByteBuffer(string: "end")), promise: nil)
        channel.flush()
        let buffers = try Self.written(channel)
        #expect(buffers.map(\.readableBytes) == [4, WriteCoalescer.limit, 3])
        #expect(buffers[1] == large)
        _ = try channel.finish()
    }
}

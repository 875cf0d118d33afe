import NIOCore
import Testing

@testable import SecretStoreHTTP

@Suite("Audit lines' client addresses")
struct AuditIPAddressTests {
    @Test(arguments: ["0.0.0.0", "127.0.0.1", "10.0.12.1", "192.168.100.9", "255.255.255.255", "8.80.108.199"])
    func anIPv4AddressIsWrittenAsInetNtopWritesIt(address: String) throws {
        let socket = try SocketAddress(ipAddress: address, port: 443)
        #expect(socket.auditIPAddress == address)
        #expect(socket.auditIPAddress == socket.ipAddress)
    }

    @Test func anIPv6AddressIsWrittenAsNIOWritesIt() throws {
        let socket = try SocketAddress(ipAddress: "2001:db8::1", port: 443)
        #expect(socket.auditIPAddress == "2001:db8::1")
    }
}

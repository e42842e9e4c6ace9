import Testing
@testable import Shortlist

@Suite("Listen addresses and local hosts")
struct ListenAddressTests {
    @Test("Host and port are split from IPv4, bracketed IPv6 and host names", arguments: [
        ("127.0.0.1:8080", "127.0.0.1", 8080), ("[::1]:9000", "::1", 9000), ("0.0.0.0:0", "0.0.0.0", 0),
        ("shortlist.internal:443", "shortlist.internal", 443),
    ])
    func parses(text: String, host: String, port: Int) {
        #expect(ListenAddress(parsing: text) == ListenAddress(host: host, port: port))
    }

    @Test("Anything a bind would choke on is refused", arguments: [
        "not a host:8080", "[nonsense]:80", "[127.0.0.1]:80", "::1:8080", "host:", ":8080", "host:65536", "-bad:80", "host",
    ])
    func refuses(text: String) {
        #expect(ListenAddress(parsing: text) == nil)
    }

    @Test("Loopback and unspecified hosts count as local", arguments: [
        "localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "0.0.0.0", "::1", "[0:0:0:0:0:0:0:1]", "app.localhost",
    ])
    func local(host: String) {
        #expect(IPAddress.isLocal(host))
    }

    @Test("Public names and addresses are not local", arguments: ["shortlist.example.com", "10.0.0.5", "2001:db8::1", "128.0.0.1"])
    func notLocal(host: String) {
        #expect(!IPAddress.isLocal(host))
    }
}

extension ListenAddress {
    init(host: String, port: Int) {
        self = ListenAddress(parsing: host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)")!
    }
}

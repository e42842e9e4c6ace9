import Foundation
import HTTPTypes
import Testing
@testable import Shortlist

/// `[server] trusted_proxies`: which address is the client's, and whether it came over https.
@Suite("Client address behind proxies")
struct ClientAddressTests {
    static let proxies = TrustedProxies(["10.0.0.1", "192.168.0.0/16", "::1", "fd00::/8"])

    struct Case: CustomTestStringConvertible, Sendable {
        var peer: String?
        var forwardedFor: [String]
        var proto: [String] = []
        var ip: String
        var https = false
        var note: String
        var testDescription: String { note }
    }

    static let cases: [Case] = [
        Case(peer: "203.0.113.9", forwardedFor: ["198.51.100.1"], proto: ["https"], ip: "203.0.113.9",
             note: "an untrusted peer's headers are ignored"),
        Case(peer: "10.0.0.1", forwardedFor: [], ip: "10.0.0.1", note: "a trusted peer without the header is the client"),
        Case(peer: "10.0.0.1", forwardedFor: ["198.51.100.1"], ip: "198.51.100.1", note: "one entry from a trusted peer"),
        Case(peer: "10.0.0.1", forwardedFor: ["6.6.6.6, 198.51.100.1"], ip: "198.51.100.1",
             note: "a spoofed left entry is not believed: the right-most untrusted one is"),
        Case(peer: "10.0.0.1", forwardedFor: ["198.51.100.1, 192.168.4.4, 10.0.0.1"], ip: "198.51.100.1",
             note: "trusted hops on the right are skipped"),
        Case(peer: "10.0.0.1", forwardedFor: ["6.6.6.6", "198.51.100.1, 192.168.4.4"], ip: "198.51.100.1",
             note: "several header fields are read as one list in order"),
        Case(peer: "10.0.0.1", forwardedFor: ["198.51.100.1:54321"], ip: "198.51.100.1", note: "an IPv4 entry with a port"),
        Case(peer: "10.0.0.1", forwardedFor: ["[2001:db8::7]:443"], ip: "2001:db8::7", note: "an IPv6 entry in brackets with a port"),
        Case(peer: "10.0.0.1", forwardedFor: ["[2001:db8::7]"], ip: "2001:db8::7", note: "an IPv6 entry in brackets"),
        Case(peer: "10.0.0.1", forwardedFor: ["2001:DB8:0:0::7"], ip: "2001:db8::7", note: "a bare IPv6 entry, in canonical form"),
        Case(peer: "10.0.0.1", forwardedFor: ["::ffff:198.51.100.1"], ip: "198.51.100.1", note: "an IPv4-mapped IPv6 entry is the IPv4 address"),
        Case(peer: "10.0.0.1", forwardedFor: ["198.51.100.1, unknown"], ip: "10.0.0.1",
             note: "a malformed right-most entry leaves the peer"),
        Case(peer: "10.0.0.1", forwardedFor: ["198.51.100.1, garbage, 192.168.1.1"], ip: "192.168.1.1",
             note: "a malformed entry stops the walk at the last good one"),
        Case(peer: "10.0.0.1", forwardedFor: ["198.51.100.1, "], ip: "10.0.0.1", note: "an empty entry is malformed"),
        Case(peer: "10.0.0.1", forwardedFor: ["198.51.100.1:99999"], ip: "10.0.0.1", note: "a port past 65535 is malformed"),
        Case(peer: "10.0.0.1", forwardedFor: ["[::1"], ip: "10.0.0.1", note: "an unclosed bracket is malformed"),
        Case(peer: "10.0.0.1", forwardedFor: ["example.com"], ip: "10.0.0.1", note: "a host name is not an address"),
        Case(peer: "::1", forwardedFor: ["fd12::3, 198.51.100.1"], ip: "198.51.100.1", note: "an IPv6 loopback proxy"),
        Case(peer: "::1", forwardedFor: ["198.51.100.1, fd12::3"], ip: "198.51.100.1", note: "a trusted IPv6 network is skipped"),
        Case(peer: "::ffff:10.0.0.1", forwardedFor: ["198.51.100.1"], ip: "198.51.100.1",
             note: "a peer seen as IPv4-mapped IPv6 matches its IPv4 entry"),
        Case(peer: "192.168.9.9", forwardedFor: ["192.168.1.1, 10.0.0.1"], ip: "192.168.1.1",
             note: "when every entry is trusted, the left-most is the client"),
        Case(peer: "10.0.0.1", forwardedFor: ["198.51.100.1"], proto: ["https"], ip: "198.51.100.1", https: true,
             note: "X-Forwarded-Proto https from a trusted peer"),
        Case(peer: "10.0.0.1", forwardedFor: [], proto: ["HTTPS"], ip: "10.0.0.1", https: true, note: "the scheme is read case-insensitively"),
        Case(peer: "10.0.0.1", forwardedFor: [], proto: ["https, http"], ip: "10.0.0.1",
             note: "the nearest proxy's scheme (right-most) decides"),
        Case(peer: "10.0.0.1", forwardedFor: [], proto: ["http"], ip: "10.0.0.1", note: "http stays http"),
        Case(peer: nil, forwardedFor: ["198.51.100.1"], proto: ["https"], ip: "unknown", note: "no peer address: nothing is believed"),
    ]

    @Test("The client is the right-most X-Forwarded-For entry that is not a trusted proxy", arguments: cases)
    func resolves(_ example: Case) {
        let resolved = ClientAddress.resolve(
            peer: example.peer, forwardedFor: example.forwardedFor, forwardedProto: example.proto, trusted: Self.proxies)
        #expect(resolved == ClientAddress.Resolved(ip: example.ip, isHTTPS: example.https), "\(example.note)")
    }

    @Test("Only the last 64 entries are walked")
    func entryBound() {
        let hops = Array(repeating: "192.168.0.2", count: 70)
        let resolved = ClientAddress.resolve(
            peer: "10.0.0.1", forwardedFor: [(["198.51.100.1"] + hops).joined(separator: ",")], forwardedProto: [], trusted: Self.proxies)
        #expect(resolved.ip == "192.168.0.2")
        let within = ClientAddress.resolve(
            peer: "10.0.0.1", forwardedFor: [(["198.51.100.1"] + hops.prefix(63)).joined(separator: ",")], forwardedProto: [],
            trusted: Self.proxies)
        #expect(within.ip == "198.51.100.1")
    }

    @Test("A huge header costs a bounded walk: only its end is read, and an over-long entry is malformed")
    func byteBound() {
        let padding = String(repeating: "a", count: 100_000)
        let resolved = ClientAddress.resolve(
            peer: "10.0.0.1", forwardedFor: [padding + ",198.51.100.1"], forwardedProto: [], trusted: Self.proxies)
        #expect(resolved.ip == "198.51.100.1")
        let spaced = ClientAddress.resolve(
            peer: "10.0.0.1", forwardedFor: ["198.51.100.1," + String(repeating: " ", count: 70) + "192.168.0.2"],
            forwardedProto: [], trusted: Self.proxies)
        #expect(spaced.ip == "10.0.0.1")
    }

    @Test("Networks match by prefix, in both families, and nothing else matches")
    func networks() {
        let proxies = TrustedProxies(["172.16.0.0/12", "2001:db8:aa00::/40", "0.0.0.0/32"])
        let address = { (text: String) in IPBytes(Substring(text))! }
        #expect(proxies.contains(address("172.31.255.255")))
        #expect(!proxies.contains(address("172.32.0.0")))
        #expect(proxies.contains(address("2001:db8:aaff::1")))
        #expect(!proxies.contains(address("2001:db8:ab00::1")))
        #expect(!proxies.contains(address("0.0.0.1")))
        #expect(TrustedProxies([]).isEmpty)
        #expect(TrustedProxies(["0.0.0.0/0"]).contains(address("8.8.8.8")))
        #expect(!TrustedProxies(["0.0.0.0/0"]).contains(address("2001:db8::1")))
    }

    @Test("Every cookie set over https from a trusted proxy is Secure, once")
    func secureCookies() {
        var headers: HTTPFields = [:]
        headers.append(HTTPField(name: .setCookie, value: "a=1; Path=/; HttpOnly"))
        headers.append(HTTPField(name: .setCookie, value: "b=2; Secure; Path=/"))
        headers.append(HTTPField(name: .contentType, value: "text/html"))
        ClientAddressMiddleware.markCookiesSecure(&headers)
        #expect(headers[values: .setCookie] == ["a=1; Path=/; HttpOnly; Secure", "b=2; Secure; Path=/"])
        #expect(headers[.contentType] == "text/html")
    }
}

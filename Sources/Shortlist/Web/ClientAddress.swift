import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An IP address as its bytes: 4 for IPv4 (IPv4-mapped IPv6 included), 16 for IPv6.
struct IPBytes: Equatable, Sendable {
    let bytes: [UInt8]

    /// Parses a bare IPv4 or IPv6 literal; nil for anything else (names, ports, brackets, zones).
    init?(_ text: Substring) {
        guard !text.isEmpty, text.utf8.count <= 45 else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, String(text), &v4) == 1 {
            bytes = withUnsafeBytes(of: v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, String(text), &v6) == 1 else { return nil }
        let all = withUnsafeBytes(of: v6) { Array($0) }
        let mapped = all.prefix(10).allSatisfy { $0 == 0 } && all[10] == 0xff && all[11] == 0xff
        bytes = mapped ? Array(all.suffix(4)) : all
    }

    /// The canonical text (`inet_ntop`): what the throttle, sessions and the audit log store.
    var text: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        let written = bytes.withUnsafeBytes { source in
            inet_ntop(family, source.baseAddress, &buffer, socklen_t(buffer.count))
        }
        guard written != nil else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// `[server] trusted_proxies`: addresses and CIDR networks whose forwarding headers are believed.
struct TrustedProxies: Sendable {
    private struct Network: Sendable {
        let base: IPBytes
        let prefixBits: Int

        func contains(_ address: IPBytes) -> Bool {
            guard address.bytes.count == base.bytes.count else { return false }
            var remaining = prefixBits
            for (mine, theirs) in zip(base.bytes, address.bytes) where remaining > 0 {
                let bits = min(8, remaining)
                let mask = UInt8(truncatingIfNeeded: 0xff << (8 - bits))
                if mine & mask != theirs & mask { return false }
                remaining -= bits
            }
            return true
        }
    }

    private let networks: [Network]

    /// Entries are already checked by `ConfigValidator` (with `isValidEntry`); one that does not
    /// parse trusts nothing.
    init(_ entries: [String]) {
        networks = entries.compactMap(Self.network)
    }

    /// Whether `entry` is an IP address or a CIDR network: the one parser the config check and
    /// the middleware share.
    static func isValidEntry(_ entry: String) -> Bool { network(entry) != nil }

    private static func network(_ entry: String) -> Network? {
        let parts = entry.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let base = IPBytes(parts[0]) else { return nil }
        // A v4-mapped v6 network is written with a v6 prefix length; count it from the v4 bits.
        let fullBits = parts[0].contains(":") ? 128 : 32
        let offset = fullBits - base.bytes.count * 8
        guard parts.count == 2 else { return Network(base: base, prefixBits: base.bytes.count * 8) }
        guard let bits = Int(parts[1]), (0...fullBits).contains(bits) else { return nil }
        return Network(base: base, prefixBits: max(0, bits - offset))
    }

    var isEmpty: Bool { networks.isEmpty }

    func contains(_ address: IPBytes) -> Bool {
        networks.contains { $0.contains(address) }
    }
}

/// Who the client is and whether it came over https, from the TCP peer and, when the peer is a
/// trusted proxy, its `X-Forwarded-For` / `X-Forwarded-Proto`.
enum ClientAddress {
    /// Only this much of the end of `X-Forwarded-For` is read; the entries that matter are on the right.
    static let maxForwardedBytes = 8 * 1_024
    /// At most this many entries are walked.
    static let maxForwardedEntries = 64

    struct Resolved: Equatable, Sendable {
        var ip: String
        var isHTTPS: Bool
    }

    /// - Parameters:
    ///   - peer: the TCP peer's address as the socket reports it (nil for a Unix socket).
    ///   - forwardedFor: every `X-Forwarded-For` field, in the order received.
    ///   - forwardedProto: every `X-Forwarded-Proto` field, in the order received.
    static func resolve(
        peer: String?, forwardedFor: [String], forwardedProto: [String], trusted: TrustedProxies
    ) -> Resolved {
        guard let peer, let peerBytes = IPBytes(Substring(peer)) else { return Resolved(ip: peer ?? "unknown", isHTTPS: false) }
        guard trusted.contains(peerBytes) else { return Resolved(ip: peerBytes.text, isHTTPS: false) }
        let client = walk(forwardedFor, trusted: trusted) ?? peerBytes
        return Resolved(ip: client.text, isHTTPS: nearestProto(forwardedProto) == "https")
    }

    /// The right-most entry not itself a trusted proxy; a malformed entry or the 64-entry bound
    /// stops the walk at the last good entry (nil when there is none). Only the last 8 KiB are
    /// looked at: 64 entries of at most 64 bytes fit in it, so an entry cut by it is never reached.
    static func walk(_ fields: [String], trusted: TrustedProxies) -> IPBytes? {
        var rest = fields.joined(separator: ",").utf8.suffix(maxForwardedBytes)
        var lastGood: IPBytes?
        for _ in 0..<maxForwardedEntries {
            let entryStart = rest.lastIndex(of: UInt8(ascii: ",")).map { rest.index(after: $0) } ?? rest.startIndex
            guard let address = entry(Substring(rest[entryStart...])) else { return lastGood }
            lastGood = address
            if !trusted.contains(address) { return address }
            guard entryStart > rest.startIndex else { return lastGood }
            rest = rest[..<rest.index(before: entryStart)]
        }
        return lastGood
    }

    /// One `X-Forwarded-For` entry: `1.2.3.4`, `1.2.3.4:5678`, `::1`, `[::1]` or `[::1]:443`.
    static func entry(_ raw: Substring) -> IPBytes? {
        guard raw.utf8.count <= 64 else { return nil }
        let text = raw.trimmingCharacters(in: .whitespaces)[...]
        guard !text.isEmpty else { return nil }
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let host = text[text.index(after: text.startIndex)..<close]
            let tail = text[text.index(after: close)...]
            guard host.contains(":"), tail.isEmpty || isPort(tail) else { return nil }
            return IPBytes(host)
        }
        let colons = text.filter { $0 == ":" }.count
        if colons == 1, let colon = text.firstIndex(of: ":") {
            guard isPort(text[colon...]) else { return nil }
            let host = text[..<colon]
            guard !host.contains(":"), let address = IPBytes(host), address.bytes.count == 4 else { return nil }
            return address
        }
        return IPBytes(text)
    }

    /// `:` followed by 1–5 digits up to 65535.
    private static func isPort(_ text: Substring) -> Bool {
        let digits = text.dropFirst()
        guard text.first == ":", (1...5).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let port = Int(digits) else { return false }
        return port <= 65_535
    }

    /// The scheme the nearest proxy saw: the right-most entry of the last `X-Forwarded-Proto`.
    private static func nearestProto(_ fields: [String]) -> String? {
        guard let last = fields.last, last.utf8.count <= 256 else { return nil }
        return last.split(separator: ",").last?.trimmingCharacters(in: .whitespaces).lowercased()
    }
}

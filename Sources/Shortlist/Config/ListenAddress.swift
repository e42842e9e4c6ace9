import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `[server] listen` split into host and port.
public struct ListenAddress: Sendable, Equatable {
    public var host: String
    public var port: Int

    /// Parses `host:port` or `[v6]:port`; port 0 asks the system for a free one.
    public init?(parsing text: String) {
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            portPart = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
            if hostPart.contains(":") { return nil }
        }
        guard !hostPart.isEmpty, let port = Int(portPart), (0...65_535).contains(port) else { return nil }
        // An IP literal (IPv6 only in brackets) or a host name; nothing a bind would choke on.
        if text.hasPrefix("[") {
            guard hostPart.contains(":"), IPAddress.isValid(String(hostPart)) else { return nil }
        } else if !IPAddress.isValid(String(hostPart)) {
            let allowed = hostPart.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
            guard allowed, !hostPart.hasPrefix("-"), !hostPart.hasPrefix(".") else { return nil }
        }
        self.host = String(hostPart)
        self.port = port
    }
}

/// Checks IP literals without resolving anything (networks: `TrustedProxies.isValidEntry`).
enum IPAddress {
    static func isValid(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }

    /// Loopback, unspecified or `localhost`: addresses nobody outside this machine can reach.
    static func isLocal(_ host: String) -> Bool {
        let name = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if name == "localhost" || name.hasSuffix(".localhost") { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, name, &v4) == 1 {
            let first = UInt32(bigEndian: v4.s_addr) >> 24
            return first == 127 || v4.s_addr == 0
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, name, &v6) == 1 {
            let bytes = withUnsafeBytes(of: v6) { Array($0) }
            return bytes.dropLast().allSatisfy { $0 == 0 } && (bytes.last == 1 || bytes.last == 0)
        }
        return false
    }

}

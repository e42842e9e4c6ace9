import Crypto
import Foundation

/// Retell's webhook signature (`../shared/retell/API.md` §5): header `X-Retell-Signature:
/// v=<ms timestamp>,d=<lower-case hex HMAC-SHA256>`, where the HMAC key is the API key's UTF-8
/// bytes and the message is the raw body bytes followed by the decimal timestamp. Verification
/// is on the exact bytes received, within ±5 minutes (inclusive), in constant time, against any
/// of several keys (rotation).
public enum WebhookSignature {
    /// The header name, as Retell sends it.
    public static let headerName = "X-Retell-Signature"
    /// How far the timestamp may be from now, either way, in milliseconds.
    public static let toleranceMS: Int64 = 300_000

    /// Why a signature was refused; logged and counted, never shown with the key.
    public enum Failure: String, Error, Equatable, Sendable {
        case missing
        case malformed
        case stale
        case mismatch
    }

    public enum Verdict: Equatable, Sendable {
        case valid
        case invalid(Failure)
    }

    /// The header value Retell would send for `body` at `timestampMS`.
    public static func sign(body: some DataProtocol, key: String, timestampMS: Int64) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: message(body, timestampMS), using: SymmetricKey(data: Data(key.utf8)))
        return "v=\(timestampMS),d=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Checks `header` against `body` with each key; `nowMS` is the receiver's clock in milliseconds.
    public static func verify(
        body: some DataProtocol, header: String?, keys: [String], nowMS: Int64
    ) -> Verdict {
        guard let header, !header.isEmpty else { return .invalid(.missing) }
        guard let (timestamp, digest) = parse(header) else { return .invalid(.malformed) }
        guard abs(nowMS - timestamp) <= toleranceMS else { return .invalid(.stale) }
        let signed = message(body, timestamp)
        for key in keys where !key.isEmpty {
            if HMAC<SHA256>.isValidAuthenticationCode(digest, authenticating: signed, using: SymmetricKey(data: Data(key.utf8))) {
                return .valid
            }
        }
        return .invalid(.mismatch)
    }

    /// `v=<digits>,d=<64 lower-case hex>` exactly; anything else is malformed.
    static func parse(_ header: String) -> (Int64, [UInt8])? {
        let parts = header.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].hasPrefix("v="), parts[1].hasPrefix("d=") else { return nil }
        let stamp = parts[0].dropFirst(2)
        let hex = parts[1].dropFirst(2)
        guard !stamp.isEmpty, stamp.count <= 18, stamp.allSatisfy({ $0.isASCII && $0.isNumber }),
              let timestamp = Int64(stamp), hex.count == 64
        else { return nil }
        var digest: [UInt8] = []
        digest.reserveCapacity(32)
        var iterator = hex.utf8.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            guard let h = lowerHexValue(high), let l = lowerHexValue(low) else { return nil }
            digest.append(h << 4 | l)
        }
        return (timestamp, digest)
    }

    private static func lowerHexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    private static func message(_ body: some DataProtocol, _ timestampMS: Int64) -> Data {
        var data = Data(body)
        data.append(contentsOf: Array(String(timestampMS).utf8))
        return data
    }
}

import Crypto
import Foundation

/// Signs the simulator's recording and log addresses the way Retell does with
/// `opt_in_signed_url` (API.md: signed, expiring after `signed_url_expiration_ms`, 24 h by
/// default): `?expires=<ms>&signature=<hex HMAC-SHA256>` over the path and the expiry, keyed by a
/// secret derived from the API key. Expiry runs on the simulator's clock.
struct SignedFileURL: Sendable {
    /// What a check of a request's query came to.
    enum Check: Equatable {
        case valid
        /// No token, a token that is not ours, or an expiry that is not a number.
        case forged
        case expired
    }

    let secret: SymmetricKey
    let lifetimeMS: Int64
    let clock: @Sendable () -> Int64

    init(apiKey: String, lifetimeMS: Int64, clock: @escaping @Sendable () -> Int64) {
        secret = SymmetricKey(data: SHA256.hash(data: Data(("signed-file-url:" + apiKey).utf8)))
        self.lifetimeMS = lifetimeMS
        self.clock = clock
    }

    /// `base + path`, signed to expire `lifetimeMS` from now.
    func url(base: String, path: String) -> String {
        let (expires, overflow) = clock().addingReportingOverflow(lifetimeMS)
        let until = overflow ? Int64.max : expires
        return "\(base)\(path)?expires=\(until)&signature=\(signature(path: path, expires: until))"
    }

    /// Whether `expires` and `signature` (the query's values) sign `path` and are still good.
    func check(path: String, expires: String?, signature given: String?) -> Check {
        guard let expires, let until = Int64(expires), let given else { return .forged }
        guard HMAC<SHA256>.isValidAuthenticationCode(
            Array(hexBytes(given)), authenticating: Data("\(path)|\(until)".utf8), using: secret)
        else { return .forged }
        return clock() < until ? .valid : .expired
    }

    private func signature(path: String, expires: Int64) -> String {
        HMAC<SHA256>.authenticationCode(for: Data("\(path)|\(expires)".utf8), using: secret)
            .map { String(format: "%02x", $0) }.joined()
    }

    /// The bytes of a lowercase hex string; anything else gives bytes that never match.
    private func hexBytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return [] }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return [] }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

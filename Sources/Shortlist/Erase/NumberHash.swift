import Crypto
import Foundation

/// The keyed hash an erased person's do-not-call entry is kept as: HMAC-SHA256 of the E.164
/// number under the installation's random key (`app_meta.dnc_hash_key`), as 64 hex digits. Without
/// the key the hash cannot be matched against a list of numbers.
struct NumberHash: Sendable {
    let key: SymmetricKey

    /// The key as the migration stored it (64 hex digits); nil when it is not one.
    init?(hexKey: String) {
        guard hexKey.count == 64, let bytes = Self.bytes(hex: hexKey) else { return nil }
        key = SymmetricKey(data: bytes)
    }

    func hash(_ e164: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data(e164.utf8), using: key)
        return code.hexString
    }

    private static func bytes(hex: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        var high: UInt8?
        for char in hex.utf8 {
            let value: UInt8
            switch char {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = char - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = char - UInt8(ascii: "a") + 10
            default: return nil
            }
            if let first = high {
                bytes.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return high == nil ? bytes : nil
    }
}

import Foundation

/// One generated request: what it exercises, and the bytes that go on the wire.
public struct FuzzRequest: Sendable {
    public enum Family: String, Sendable, CaseIterable {
        case webhook, form, api, upload
    }

    public var family: Family
    /// What the case exercises (`campaign form, _op=down_question.9223372036854775807`), for a report.
    public var label: String
    public var method: String
    public var path: String
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(family: Family, label: String, method: String, path: String, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.family = family
        self.label = label
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }
}

extension FuzzRequest {
    /// The request in one line for a failure report: method, path and the body's first bytes
    /// (anything not printable ASCII as `\u{…}`).
    public var summary: String {
        let shown = String(decoding: body.prefix(400), as: UTF8.self).unicodeScalars
            .map { $0.isASCII && $0.value >= 0x20 ? String($0) : "\\u{\(String($0.value, radix: 16))}" }.joined()
        return "\(method) \(path.prefix(200)) [\(body.count) bytes] \(shown)"
    }
}

/// Encodings of form posts and uploads from raw bytes (which may be invalid UTF-8).
enum WireEncoding {
    private static let unreserved = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8))
    private static let hex = Array("0123456789ABCDEF".utf8)

    /// Percent-encodes every byte that is not unreserved.
    static func percent(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for byte in bytes {
            if unreserved.contains(byte) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return out
    }

    /// `application/x-www-form-urlencoded` from name/value pairs.
    static func form(_ pairs: [([UInt8], [UInt8])]) -> [UInt8] {
        pairs.map { percent($0.0) + Array("=".utf8) + percent($0.1) }.joined(separator: Array("&".utf8)).map { $0 }
    }

    /// `multipart/form-data` with `boundary`: text fields, then files (name, filename, bytes).
    static func multipart(boundary: String, fields: [(String, [UInt8])], files: [(String, [UInt8], [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        for (name, value) in fields {
            out += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n".utf8) + value + Array("\r\n".utf8)
        }
        for (name, filename, data) in files {
            out += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"".utf8) + filename
                + Array("\"\r\nContent-Type: text/csv\r\n\r\n".utf8) + data + Array("\r\n".utf8)
        }
        out += Array("--\(boundary)--\r\n".utf8)
        return out
    }
}

import AsyncHTTPClient
import Foundation
import NIOCore

/// Downloads one recording from the address Retell gave, streaming it into a sink: https only
/// (plain http only to a loopback host, like the simulator, or with `allow_insecure_http`), at
/// most `maxBytes` (refused by Content-Length before reading, and while streaming), within
/// `timeout` for the whole transfer.
public struct RecordingDownload: Sendable {
    public let client: HTTPClient
    public let maxBytes: Int
    public let timeout: TimeAmount
    public let allowInsecureHTTP: Bool

    public init(client: HTTPClient, maxBytes: Int, timeout: TimeAmount = .minutes(5), allowInsecureHTTP: Bool = false) {
        self.client = client
        self.maxBytes = maxBytes
        self.timeout = timeout
        self.allowInsecureHTTP = allowInsecureHTTP
    }

    /// The largest recording kept for calls of at most `maxCallMinutes`: 64 KB a second (16-bit
    /// stereo at 16 kHz, more than Retell's recordings use) plus 1 MiB, and never over 64 MiB.
    public static func maxBytes(maxCallMinutes: Int) -> Int {
        let minutes = min(max(maxCallMinutes, 1), 24 * 60)
        return min(minutes * 60 * 64_000 + 1_048_576, 64 * 1_048_576)
    }

    /// Streams the recording at `url` into `sink`; returns its content type (`audio/wav` unless
    /// the answer named another audio type).
    public func fetch(_ url: String, into sink: inout RecordingSink) async throws -> String {
        try check(url)
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: timeout)
        } catch {
            throw RecordingDownloadError.unreachable
        }
        switch response.status.code {
        case 200: break
        case 401, 403: throw RecordingDownloadError.refused(Int(response.status.code))
        default: throw RecordingDownloadError.status(Int(response.status.code))
        }
        if let length = response.headers.first(name: "content-length").flatMap(Int.init), length > maxBytes {
            throw RecordingDownloadError.tooLarge(maxBytes)
        }
        do {
            for try await buffer in response.body {
                try sink.append(buffer.readableBytesView)
            }
        } catch RecordingFileError.tooLarge(_) {
            throw RecordingDownloadError.tooLarge(maxBytes)
        } catch let error as RecordingDownloadError {
            throw error
        } catch is RecordingFileError {
            throw RecordingDownloadError.unreachable
        } catch {
            throw RecordingDownloadError.interrupted
        }
        let type = response.headers.first(name: "content-type")?.split(separator: ";").first
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if let type, type.hasPrefix("audio/"), type.count <= 40 { return type }
        return "audio/wav"
    }

    /// https, or http to a loopback host (or anywhere with `allow_insecure_http`).
    func check(_ url: String) throws {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), let host = parsed.host?.lowercased() else {
            throw RecordingDownloadError.badAddress
        }
        switch scheme {
        case "https": return
        case "http" where allowInsecureHTTP || ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host): return
        default: throw RecordingDownloadError.notHTTPS
        }
    }
}

/// Why a download failed, in plain words (never the address: it is a secret link).
public enum RecordingDownloadError: Error, Equatable, CustomStringConvertible {
    case badAddress
    case notHTTPS
    case unreachable
    case interrupted
    case refused(Int)
    case status(Int)
    case tooLarge(Int)

    /// Trying again cannot help.
    public var isPermanent: Bool {
        switch self {
        case .badAddress, .notHTTPS, .tooLarge: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .badAddress: "Retell gave a recording address that is not a web address"
        case .notHTTPS: "Retell gave a recording address that is not https"
        case .unreachable: "the recording could not be downloaded (no connection, or no answer in time)"
        case .interrupted: "the recording's download was interrupted"
        case .refused(let code): "the recording's address was refused (HTTP \(code)); it may have expired"
        case .status(let code): "the recording's download answered HTTP \(code)"
        case .tooLarge(let limit): "the recording is larger than \(limit / 1_048_576) MiB"
        }
    }
}

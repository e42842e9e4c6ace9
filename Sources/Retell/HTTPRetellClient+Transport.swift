import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension HTTPRetellClient {
    /// The largest answer read (a call with its transcript is ~50 KB; a page of 1,000 calls is more).
    static let maxResponseBytes = 64 * 1024 * 1024

    /// Sends `endpoint`, retrying as `retry` allows when the endpoint may be repeated.
    func send<Response: Decodable>(_ endpoint: Endpoint) async throws(RetellError) -> Response {
        var retryNumber = 0
        while true {
            do throws(RetellError) {
                return try await attempt(endpoint)
            } catch {
                guard endpoint.mayRetry, error.isRetryable, retryNumber < retry.maxRetries, !Task.isCancelled else {
                    throw error
                }
                let wait = error.retryAfter ?? retry.delay(beforeRetry: retryNumber)
                do {
                    try await sleeper(wait)
                } catch {
                    throw Self.cancelled
                }
                retryNumber += 1
            }
        }
    }

    /// Sends `endpoint` (retried like `send`) and ignores the answer's body (a 204).
    func sendExpectingNoBody(_ endpoint: Endpoint) async throws(RetellError) {
        let _: NoBody = try await send(endpoint)
    }

    /// One request and its answer.
    func attempt<Response: Decodable>(_ endpoint: Endpoint) async throws(RetellError) -> Response {
        var request = HTTPClientRequest(url: baseURL + endpoint.path)
        request.method = endpoint.method
        request.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Shortlist-Retell/1")
        if let body = endpoint.body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let status: HTTPResponseStatus
        let headers: HTTPHeaders
        let body: Data
        do {
            let response = try await httpClient.execute(request, timeout: endpoint.timeout.timeAmount)
            var buffer = try await response.body.collect(upTo: Self.maxResponseBytes)
            status = response.status
            headers = response.headers
            body = Data(buffer.readBytes(length: buffer.readableBytes) ?? [])
        } catch {
            throw redacted(Self.classify(error))
        }
        guard (200..<300).contains(status.code) else {
            throw redacted(Self.httpError(status: status, headers: headers, body: body))
        }
        if Response.self == NoBody.self, let none = NoBody() as? Response { return none }
        return try Self.decode(Response.self, from: body)
    }

    /// The API key never leaves in a message, even if a server echoed it.
    func redacted(_ error: RetellError) -> RetellError {
        guard apiKey.count >= 4, error.message.contains(apiKey) else { return error }
        var copy = error
        copy.message = copy.message.replacingOccurrences(of: apiKey, with: "[redacted]")
        return copy
    }

    static let cancelled = RetellError(kind: .transport, message: "the request was cancelled", isRetryable: false)

    /// What a thrown transport error means for the caller.
    static func classify(_ error: any Error) -> RetellError {
        if let error = error as? RetellError { return error }
        if error is CancellationError { return cancelled }
        if error is NIOTooManyBytesError {
            return RetellError(kind: .invalidResponse, message: "the answer is larger than \(maxResponseBytes) bytes")
        }
        guard let error = error as? HTTPClientError else {
            return .transport(String(describing: error))
        }
        switch error {
        case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .getConnectionFromPoolTimeout,
             .tlsHandshakeTimeout, .socksHandshakeTimeout, .httpProxyHandshakeTimeout:
            return .timeout(String(describing: error))
        case .cancelled:
            return cancelled
        case .invalidURL, .emptyHost, .emptyScheme, .alreadyShutdown, .missingSocketPath:
            return RetellError(kind: .transport, message: String(describing: error), isRetryable: false)
        default:
            return .transport(String(describing: error))
        }
    }

    /// A non-2xx answer: Retell's message when the body has one, and its `Retry-After`.
    static func httpError(status: HTTPResponseStatus, headers: HTTPHeaders, body: Data) -> RetellError {
        let message = retellMessage(in: body) ?? "HTTP \(status.code) \(status.reasonPhrase)"
        var error = RetellError.http(
            Int(status.code), message,
            retryAfter: retryAfter(milliseconds: headers.first(name: "retry-after-ms"),
                                   seconds: headers.first(name: "retry-after")))
        if headers.first(name: "x-should-retry")?.lowercased() == "false" { error.isRetryable = false }
        return error
    }

    /// `message` of `{"status":"error","message":…}` (or a string `error`), trimmed and capped.
    static func retellMessage(in body: Data) -> String? {
        guard let json = try? JSONDecoder().decode(RetellJSON.self, from: body) else { return nil }
        let text = (json["message"] ?? json["error"]).flatMap { value -> String? in
            if case .string(let text) = value { text } else { nil }
        }
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return String(trimmed.prefix(1000))
    }

    /// `retry-after-ms` (milliseconds) first, then `retry-after` (seconds or an HTTP date); only
    /// waits of 0–60 s count, anything else is ignored as the SDK does.
    static func retryAfter(milliseconds: String?, seconds: String?, now: Date = Date()) -> Duration? {
        let limit = 60.0
        if let text = milliseconds?.trimmingCharacters(in: .whitespaces), let ms = Double(text),
           ms.isFinite, ms >= 0, ms <= limit * 1000 {
            return .milliseconds(Int64(ms.rounded()))
        }
        guard let text = seconds?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        var wait = Double(text)
        if wait == nil {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
            wait = formatter.date(from: text).map { $0.timeIntervalSince(now) }
        }
        guard let wait, wait.isFinite, wait >= 0, wait <= limit else { return nil }
        return .milliseconds(Int64((wait * 1000).rounded()))
    }

    static func decode<T: Decodable>(_ type: T.Type, from body: Data) throws(RetellError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: body)
        } catch let DecodingError.dataCorrupted(context) where context.codingPath.isEmpty {
            throw RetellError(kind: .invalidResponse, message: "the answer is not JSON (\(body.count) bytes)")
        } catch let error as DecodingError {
            throw RetellError(kind: .decoding, message: describe(error))
        } catch {
            throw RetellError(kind: .decoding, message: String(describing: error))
        }
    }

    /// `keyNotFound at items[0]: Missing "call_id"`, short enough for a log line.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            let text = keys.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
            return text.isEmpty ? "the top level" : String(text.drop(while: { $0 == "." }))
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing \"\(key.stringValue)\" at \(path(context.codingPath))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(context.debugDescription) at \(path(context.codingPath))"
        @unknown default:
            return String(describing: error)
        }
    }
}

/// The answer of a request whose body is not read (delete-call's 204).
struct NoBody: Decodable {
    init() {}
}

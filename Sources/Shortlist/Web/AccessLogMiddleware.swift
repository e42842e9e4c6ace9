import Foundation
import Hummingbird
import Logging

/// One log line per request: method, path (phone numbers masked), status, duration. No query
/// strings, headers or bodies: they can hold tokens and personal data.
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let clock: any WallClock

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        defer {
            let elapsed = ContinuousClock.now - start
            let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
            context.logger.info("request", metadata: [
                "method": "\(request.method.rawValue)",
                "path": "\(Self.redact(request.uri.path))",
                "status": "\(status)",
                "duration_ms": "\(String(format: "%.1f", ms))",
            ])
        }
        let response = try await next(request, context)
        status = response.status.code
        return response
    }

    /// The path with every run of seven or more digits (a phone number) masked.
    static func redact(_ path: String) -> String {
        var output = ""
        var digits = ""
        func flush() {
            output += digits.count >= 7 ? PhoneNumber.mask(digits).replacingOccurrences(of: "+", with: "") : digits
            digits = ""
        }
        for character in path {
            if character.isASCII && character.isNumber {
                digits.append(character)
            } else {
                flush()
                output.append(character)
            }
        }
        flush()
        return output
    }
}

import Foundation
import Hummingbird
import HTTPTypes
import Prometheus

/// `GET /healthz`: 200 when the database takes a write, 503 when it does not.
struct HealthAPI: Sendable {
    let database: AppDatabase
    let retellMode: String
    let dialer: DialerStatus
    let backups: BackupReport

    @Sendable func health(_ request: Request, context: AppRequestContext) async throws -> Response {
        var databaseState = "ok"
        do {
            try await database.checkWritable()
        } catch {
            context.logger.error("health check: database not writable", metadata: ["error": "\(error)"])
            databaseState = "not writable"
        }
        let ok = databaseState == "ok"
        let backup = await backups.healthJSON()
        return .json(.object([
            ("status", .string(ok ? "ok" : "error")),
            ("database", .string(databaseState)),
            ("version", .string(ShortlistVersion.current)),
            ("retell", .string(retellMode)),
            ("dialing", .string(dialer.haltReason.map { "paused: \($0)" } ?? "ok")),
            // Liveness only: a failed or overdue backup shows here but never changes the status code.
            ("backup", backup),
        ]), status: ok ? .ok : .serviceUnavailable)
    }
}

/// `GET /metrics`: Prometheus text from the registry the daemon bootstrapped, its state gauges
/// refreshed first (a failed refresh is logged and the last values are served).
struct MetricsAPI: Sendable {
    let registry: PrometheusCollectorRegistry
    let gauges: StateGauges
    let backups: BackupReport

    @Sendable func metrics(_ request: Request, context: AppRequestContext) async throws -> Response {
        do {
            try await gauges.refresh()
        } catch {
            context.logger.error("metrics: state gauges not refreshed", metadata: ["error": "\(error)"])
        }
        await backups.refreshMetrics()
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }
}

/// `GET /api/v1/openapi.json`: the document kept in `static/openapi.json`, read once at start-up.
struct OpenAPIDocument: Sendable {
    let bytes: [UInt8]

    init(staticDir: String) throws {
        let path = staticDir + "/openapi.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StartupError("cannot read \(path) (check [server] static_dir)")
        }
        bytes = Array(data)
    }

    @Sendable func serve(_ request: Request, context: AppRequestContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

public enum ShortlistVersion {
    public static let current = "0.1.0"
}

/// Something the daemon needs is missing at start-up; the message says what.
public struct StartupError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// `GET /app.css`, `GET /app.js`: the admin page's assets from `static/`, read once at start-up.
struct StaticFile: Sendable {
    let bytes: [UInt8]
    let contentType: String

    init(staticDir: String, name: String, contentType: String) throws {
        let path = staticDir + "/" + name
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StartupError("cannot read \(path) (check [server] static_dir)")
        }
        bytes = Array(data)
        self.contentType = contentType
    }

    @Sendable func serve(_ request: Request, context: AppRequestContext) async throws -> Response {
        var headers: HTTPFields = [.contentType: contentType, .cacheControl: "max-age=300"]
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

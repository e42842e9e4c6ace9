import Hummingbird
import HTTPTypes
import Logging
import NIOCore

/// `GET /recordings/{call_id}` (admin page session) and `GET /api/v1/calls/{id}/recording`
/// (token): the stored recording, decrypted on the fly, with single-range requests so the player
/// seeks. Admins and the campaign's owner may listen (`CampaignAction.listen`); viewers may not.
/// Nothing stored → 404. A signed-out request to `/recordings/…` is 404 too, not a redirect, so
/// a link to a recording tells nobody it exists.
struct RecordingsAPI: Sendable {
    let database: AppDatabase
    let store: RecordingStore
    let sessions: AdminSessions

    static let refusal = "Only the campaign's owner or an admin can listen to its recordings."

    @Sendable func api(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let principal = try context.requirePrincipal()
        guard let access = try await database.recordingAccess(callID: id) else { throw APIError.notFound("call \(id) not found") }
        guard principal.may(.listen, campaign: access.owner) else { throw APIError.forbidden(Self.refusal) }
        guard let response = try serve(access.recording, request, logger: context.logger) else {
            throw APIError.notFound("no recording is kept for call \(id)")
        }
        return response
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("call_id")
        guard let signedIn = try await sessions.signedIn(request),
              let access = try await database.recordingAccess(callID: id)
        else { return PageResponse.notFound() }
        guard signedIn.principal.may(.listen, campaign: access.owner) else { return PageResponse.forbidden() }
        return try serve(access.recording, request, logger: context.logger) ?? PageResponse.notFound()
    }

    /// The decrypted file, whole or the range asked for; nil when none is stored.
    private func serve(_ recording: CallRecordingRecord?, _ request: Request, logger: Logger) throws -> Response? {
        guard let recording, recording.status == .stored, let fileName = recording.fileName else { return nil }
        let reader: RecordingReader
        do {
            reader = try store.open(fileName: fileName)
        } catch {
            logger.error("stored recording unreadable", metadata: ["call_id": "\(recording.callID)", "error": "\(error)"])
            return nil
        }
        var headers: HTTPFields = [
            .contentType: recording.contentType ?? "audio/wav", .acceptRanges: "bytes", .cacheControl: "private, no-store",
        ]
        let length = reader.length
        let range: Range<Int>
        var status = HTTPResponse.Status.ok
        switch ByteRange.parse(request.headers[.range], length: length) {
        case .whole:
            range = 0..<length
        case .part(let part):
            range = part
            status = .partialContent
            headers[.contentRange] = "bytes \(part.lowerBound)-\(part.upperBound - 1)/\(length)"
        case .unsatisfiable:
            headers[.contentRange] = "bytes */\(length)"
            return Response(status: .rangeNotSatisfiable, headers: headers)
        }
        headers[.contentLength] = String(range.count)
        return Response(status: status, headers: headers, body: ResponseBody { [reader] writer in
            try await reader.read(range) { try await writer.write(ByteBuffer(bytes: $0)) }
            try await writer.finish(nil)
        })
    }
}

import Foundation
import Hummingbird
import NIOCore

/// Reading request bodies with a size limit and a content-type check, before any decoding.
enum RequestBody {
    /// The body's bytes; 413 past `limit` (checked against Content-Length first, then while reading).
    static func bytes(_ request: Request, limit: Int) async throws -> ByteBuffer {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw APIError.tooLarge("request body is \(length) bytes; the limit is \(limit)")
        }
        do {
            return try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError.tooLarge("request body is larger than the limit of \(limit) bytes")
        }
    }

    /// The media type without parameters, lower-cased (`application/json`).
    static func mediaType(_ request: Request) -> String? {
        request.headers[.contentType]?.split(separator: ";").first
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    }

    /// Decodes a JSON body into `T`, answering 415 for another content type and 400/422 for bad JSON.
    static func json<T: Decodable>(_ type: T.Type, from request: Request, limit: Int) async throws -> T {
        guard mediaType(request) == "application/json" else {
            throw APIError.unsupportedMediaType("send the body as application/json")
        }
        let buffer = try await bytes(request, limit: limit)
        return try decode(type, from: Data(buffer.readableBytesView))
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as FieldError {
            throw error
        } catch let error as DecodingError {
            throw Self.describe(error)
        }
    }

    /// A decoding failure in words, naming the field the way the client wrote it.
    static func describe(_ error: DecodingError) -> APIError {
        func path(_ keys: [any CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return text
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return .badRequest("body is not valid JSON")
        case .dataCorrupted(let context):
            return .invalid(FieldError(path(context.codingPath), "is not valid"))
        case .keyNotFound(let key, let context):
            return .invalid(FieldError(path(context.codingPath + [key]), "is required"))
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            return .invalid(FieldError(field.isEmpty ? "body" : field, "must be \(Self.typeName(type))"))
        @unknown default:
            return .badRequest("body could not be read")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "an integer"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is [String].Type: "an array of strings"
        default: String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }
}

import Foundation
import Hummingbird

/// A `multipart/form-data` body (RFC 7578) as a browser sends a form with a file: its text fields
/// and its files. Only what our upload forms need: one level, no nested `multipart/mixed`.
struct MultipartForm: Sendable {
    struct File: Sendable {
        var filename: String
        var contentType: String?
        var data: Data
    }

    var fields: [String: String] = [:]
    var files: [String: File] = [:]

    subscript(_ name: String) -> String? { fields[name] }

    /// Reads and parses the request's body, at most `limit` bytes (413 beyond). A body that is not
    /// multipart, or is cut short, is a 400 naming what is wrong.
    static func read(_ request: Request, limit: Int) async throws -> MultipartForm {
        guard RequestBody.mediaType(request) == "multipart/form-data",
              let contentType = request.headers[.contentType], let boundary = boundary(contentType)
        else { throw APIError.unsupportedMediaType("send the form as multipart/form-data with a boundary") }
        let buffer = try await RequestBody.bytes(request, limit: limit)
        do {
            return try parse(Array(buffer.readableBytesView), boundary: boundary)
        } catch {
            throw APIError.badRequest("the form's body is not valid multipart/form-data: \(error.message)", field: "body")
        }
    }

    /// The `boundary` parameter of a `Content-Type` header, unquoted.
    static func boundary(_ contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            let value = pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") && pair[1].count >= 2
                ? String(pair[1].dropFirst().dropLast()) : pair[1]
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    struct ParseError: Error { var message: String }

    static func parse(_ bytes: [UInt8], boundary: String) throws(ParseError) -> MultipartForm {
        let delimiter = Array("--\(boundary)".utf8)
        let crlf: [UInt8] = [13, 10]
        guard var position = find(delimiter, in: bytes, from: 0) else { throw ParseError(message: "no boundary line") }
        var form = MultipartForm()
        while true {
            position += delimiter.count
            if bytes[position...].starts(with: [45, 45]) { return form }  // "--": the close delimiter
            // Transport padding (spaces, tabs), then the line break after the boundary.
            while position < bytes.count, bytes[position] == 32 || bytes[position] == 9 { position += 1 }
            guard bytes[position...].starts(with: crlf) else { throw ParseError(message: "a boundary line is not followed by a line break") }
            position += 2
            guard let headerEnd = find([13, 10, 13, 10], in: bytes, from: position) else {
                throw ParseError(message: "a part's headers do not end")
            }
            let headers = String(decoding: bytes[position..<headerEnd], as: UTF8.self)
            let bodyStart = headerEnd + 4
            guard let next = find(crlf + delimiter, in: bytes, from: bodyStart) else {
                throw ParseError(message: "the body ends before the closing boundary")
            }
            try form.add(headers: headers, body: bytes[bodyStart..<next])
            position = next + 2
        }
    }

    private mutating func add(headers: String, body: ArraySlice<UInt8>) throws(ParseError) {
        var name: String?
        var filename: String?
        var contentType: String?
        for line in headers.split(separator: "\r\n") {
            let pair = line.split(separator: ":", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let value = pair[1].trimmingCharacters(in: .whitespaces)
            switch pair[0].trimmingCharacters(in: .whitespaces).lowercased() {
            case "content-disposition":
                name = Self.parameter("name", in: value)
                filename = Self.parameter("filename", in: value)
            case "content-type":
                contentType = value
            default:
                continue
            }
        }
        guard let name else { throw ParseError(message: "a part has no Content-Disposition name") }
        if let filename {
            files[name] = File(filename: filename, contentType: contentType, data: Data(body))
        } else {
            fields[name] = String(decoding: body, as: UTF8.self)
        }
    }

    /// `name="value"` from a header value such as `form-data; name="file"; filename="a.csv"`.
    private static func parameter(_ key: String, in value: String) -> String? {
        for item in value.split(separator: ";").dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == key else { continue }
            var text = pair[1]
            if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
            return text.replacingOccurrences(of: "\\\"", with: "\"")
        }
        return nil
    }

    /// The index of `needle`'s first occurrence in `haystack` at or after `start`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}

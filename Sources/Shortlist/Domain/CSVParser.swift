import Foundation

/// One CSV record (row). Fields are exactly as written (unquoted, `""` → `"`), untrimmed.
public struct CSVRecord: Sendable, Equatable {
    public var fields: [String]
    /// 1-based physical line on which the record starts (blank lines and line breaks
    /// inside quoted fields are counted).
    public var line: Int
    /// 1-based record number among the returned records (the header, if any, is 1).
    public var number: Int

    public init(fields: [String], line: Int, number: Int) {
        self.fields = fields
        self.line = line
        self.number = number
    }
}

public enum CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A quoted field that is never closed; `line` is where the field starts.
    case unterminatedQuote(line: Int)
    /// A `"` in the middle of an unquoted field.
    case strayQuote(line: Int)
    /// Something other than `,` or a line break right after a closing quote.
    case unexpectedCharacterAfterQuote(line: Int)
    /// Bytes that are not valid UTF-8; `line` is where the bad bytes are.
    case invalidUTF8(line: Int)
    /// More records than the caller takes; parsing stopped at `line`, before keeping the next one.
    case tooManyRecords(limit: Int, line: Int)

    public var line: Int {
        switch self {
        case .unterminatedQuote(let line), .strayQuote(let line),
             .unexpectedCharacterAfterQuote(let line), .invalidUTF8(let line),
             .tooManyRecords(_, let line):
            return line
        }
    }

    public var message: String {
        switch self {
        case .unterminatedQuote(let line): return "unterminated quoted field starting on line \(line)"
        case .strayQuote(let line): return "stray quote in unquoted field on line \(line)"
        case .unexpectedCharacterAfterQuote(let line): return "unexpected character after closing quote on line \(line)"
        case .invalidUTF8(let line): return "file is not valid UTF-8 (line \(line))"
        case .tooManyRecords(let limit, let line): return "more than \(limit) rows (stopped reading at line \(line))"
        }
    }

    public var description: String { message }
}

/// RFC 4180 CSV parser over UTF-8 bytes.
///
/// - A UTF-8 byte order mark at the start is skipped.
/// - Records end with CRLF, LF or a lone CR; the last record may lack a line break.
/// - Quoted fields may contain `,`, `""` (an escaped quote) and line breaks, kept as written.
/// - Completely empty lines are skipped (but counted in `CSVRecord.line`).
/// - Fields are not trimmed.
public struct CSVParser: Sendable {
    /// Parses the whole input into records. More than `maxRecords` records (the header counts)
    /// throws `tooManyRecords` as soon as the next one is read, so memory stays bounded whatever
    /// the file holds.
    public static func parse<Bytes: Collection>(_ bytes: Bytes, maxRecords: Int = .max) throws(CSVError) -> [CSVRecord]
    where Bytes.Element == UInt8 {
        var records: [CSVRecord] = []
        var overflowLine: Int?
        try scan(bytes) { record in
            guard records.count < maxRecords else {
                overflowLine = record.line
                return false
            }
            records.append(record)
            return true
        }
        if let overflowLine { throw .tooManyRecords(limit: maxRecords, line: overflowLine) }
        return records
    }

    /// Parses text already in memory as a `String`.
    public static func parse(_ text: String) throws(CSVError) -> [CSVRecord] {
        try parse(text.utf8)
    }

    /// Streams records to `body` in order without keeping them. Throws `CSVError` for
    /// malformed input (records before the error have already been delivered), or
    /// whatever `body` throws, which stops parsing.
    public static func forEachRecord<Bytes: Collection>(
        in bytes: Bytes, _ body: (CSVRecord) throws -> Void
    ) throws where Bytes.Element == UInt8 {
        var bodyError: (any Error)?
        try scan(bytes) { record in
            do {
                try body(record)
                return true
            } catch {
                bodyError = error
                return false
            }
        }
        if let bodyError { throw bodyError }
    }

    /// Runs the scanner over contiguous storage (copying only if the collection has none).
    /// `body` returns false to stop early.
    static func scan<Bytes: Collection>(
        _ bytes: Bytes, _ body: (CSVRecord) -> Bool
    ) throws(CSVError) where Bytes.Element == UInt8 {
        let outcome = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(CSVError) in try scan(buffer: buffer, body) }
        }
        if let outcome {
            try outcome.get()
        } else {
            let copy = Array(bytes)
            try copy.withUnsafeBufferPointer { buffer in
                Result { () throws(CSVError) in try scan(buffer: buffer, body) }
            }.get()
        }
    }

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")

    static func scan(buffer: UnsafeBufferPointer<UInt8>, _ body: (CSVRecord) -> Bool) throws(CSVError) {
        let quote = Self.quote, comma = Self.comma, cr = Self.cr, lf = Self.lf
        let n = buffer.count
        guard n > 0, let base = buffer.baseAddress else { return }

        var i = 0
        if n >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { i = 3 }
        var line = 1
        var number = 0
        var fieldCountHint = 8
        var scratch: [UInt8] = []

        while i < n {
            // Blank line: skip it but count it.
            if base[i] == lf {
                line += 1
                i += 1
                continue
            }
            if base[i] == cr {
                line += 1
                i += 1
                if i < n && base[i] == lf { i += 1 }
                continue
            }

            let recordLine = line
            var fields: [String] = []
            fields.reserveCapacity(fieldCountHint)

            fieldLoop: while true {
                if i < n && base[i] == quote {
                    let startLine = line
                    i += 1
                    let start = i
                    var end = -1
                    var escaped = false
                    while i < n {
                        let byte = base[i]
                        if byte == quote {
                            if i + 1 < n && base[i + 1] == quote {
                                escaped = true
                                i += 2
                                continue
                            }
                            end = i
                            i += 1
                            break
                        } else if byte == lf {
                            line += 1
                        } else if byte == cr && !(i + 1 < n && base[i + 1] == lf) {
                            line += 1 // lone CR; a CRLF is counted at its LF
                        }
                        i += 1
                    }
                    if end < 0 { throw .unterminatedQuote(line: startLine) }
                    let raw = UnsafeBufferPointer(start: base + start, count: end - start)
                    if escaped {
                        scratch.removeAll(keepingCapacity: true)
                        var j = 0
                        while j < raw.count {
                            scratch.append(raw[j])
                            j += raw[j] == quote ? 2 : 1
                        }
                        fields.append(try scratch.withUnsafeBufferPointer { unescaped in
                            Result { () throws(CSVError) in try decode(unescaped, line: startLine) }
                        }.get())
                    } else {
                        fields.append(try decode(raw, line: startLine))
                    }
                    if i >= n { break fieldLoop }
                    let next = base[i]
                    if next == comma {
                        i += 1
                        continue fieldLoop
                    }
                    if next == lf || next == cr {
                        i += 1
                        if next == cr && i < n && base[i] == lf { i += 1 }
                        line += 1
                        break fieldLoop
                    }
                    throw .unexpectedCharacterAfterQuote(line: line)
                } else {
                    let start = i
                    while i < n {
                        let byte = base[i]
                        if byte == comma || byte == lf || byte == cr { break }
                        if byte == quote { throw .strayQuote(line: line) }
                        i += 1
                    }
                    fields.append(try decode(UnsafeBufferPointer(start: base + start, count: i - start), line: line))
                    if i >= n { break fieldLoop }
                    let next = base[i]
                    i += 1
                    if next == comma { continue fieldLoop }
                    if next == cr && i < n && base[i] == lf { i += 1 }
                    line += 1
                    break fieldLoop
                }
            }

            number += 1
            fieldCountHint = fields.count
            if !body(CSVRecord(fields: fields, line: recordLine, number: number)) { return }
        }
    }

    /// Decodes one field, reporting the physical line of the first invalid byte.
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) throws(CSVError) -> String {
        if bytes.isEmpty { return "" }
        if let string = String(validating: bytes, as: UTF8.self) { return string }
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        parsing: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .error, .emptyInput: break parsing
            }
        }
        var badLine = line
        for k in 0..<min(offset, bytes.count) {
            if bytes[k] == lf || (bytes[k] == cr && !(k + 1 < bytes.count && bytes[k + 1] == lf)) { badLine += 1 }
        }
        throw .invalidUTF8(line: badLine)
    }
}

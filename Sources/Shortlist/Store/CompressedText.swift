import Foundation
import GRDB

/// A long text column kept deflated: written as a zlib BLOB, read back as text. A row written
/// before (a TEXT value) reads as it is, so no migration rewrites old rows. Used for
/// `retell_call_analysis.transcript`, most of an analysed call's bytes on disk.
struct CompressedText: Codable, Sendable, Equatable, DatabaseValueConvertible {
    var text: String

    init(_ text: String) { self.text = text }

    init(from decoder: any Decoder) throws {
        text = try decoder.singleValueContainer().decode(String.self)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    var databaseValue: DatabaseValue {
        (try? Deflate.compress(Data(text.utf8)))?.databaseValue ?? text.databaseValue
    }

    static func fromDatabaseValue(_ dbValue: DatabaseValue) -> CompressedText? {
        switch dbValue.storage {
        case .string(let text): CompressedText(text)
        case .blob(let data): (try? Deflate.inflate(data)).map { CompressedText(String(decoding: $0, as: UTF8.self)) }
        default: nil
        }
    }
}

import Foundation

/// A coding key for any name, to list the keys an object really has.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension Decoder {
    /// Throws a `FieldError` for the first key of this object that `Keys` does not list, so a
    /// misspelt field is an error instead of being silently ignored.
    func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) throws {
        let container = try container(keyedBy: AnyCodingKey.self)
        let known = Set(Keys.allCases.map(\.stringValue))
        if let unknown = container.allKeys.sorted(by: { $0.stringValue < $1.stringValue })
            .first(where: { !known.contains($0.stringValue) }) {
            throw FieldError(Self.fieldPath(codingPath + [unknown]), "is not a known field")
        }
    }

    /// `targets[2].key` for a coding path.
    static func fieldPath(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text
    }
}

extension Knockout {
    enum CodingKeys: String, CodingKey, CaseIterable { case equals, min, max, `in` }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            equals: try c.decodeIfPresent(Bool.self, forKey: .equals),
            min: try c.decodeIfPresent(Double.self, forKey: .min),
            max: try c.decodeIfPresent(Double.self, forKey: .max),
            in: try c.decodeIfPresent([String].self, forKey: .in))
    }
}

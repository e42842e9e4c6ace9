import Foundation

extension Migrations {
    /// A campaign may call only candidates with a consent basis (DESIGN §8, "Consent").
    static let v8Consent: [String] = [
        "ALTER TABLE campaigns ADD COLUMN require_consent INTEGER NOT NULL DEFAULT 0 CHECK (require_consent IN (0, 1))",
    ]
}

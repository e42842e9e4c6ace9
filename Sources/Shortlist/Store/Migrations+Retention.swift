import Foundation
import GRDB

extension Migrations {
    /// Retention (DESIGN §8): how each stored webhook body is kept (`PayloadEncoding`), and the two
    /// partial indexes the daily sweep walks in batches: signed bodies by age and encoding, and
    /// analyses that still hold a transcript.
    static let v8Retention: [String] = [
        """
        ALTER TABLE webhook_events ADD COLUMN payload_encoding TEXT NOT NULL DEFAULT 'identity'
            CHECK (payload_encoding IN ('identity', 'deflate', 'none'))
        """,
        """
        CREATE INDEX webhook_events_kept_bodies ON webhook_events(payload_encoding, received_at)
            WHERE signature_valid = 1
        """,
        """
        CREATE INDEX retell_call_analysis_transcripts ON retell_call_analysis(updated_at)
            WHERE transcript IS NOT NULL
        """,
    ]
}

import Foundation
import GRDB

extension Migrations {
    /// Wave 2's personal data (DESIGN §8): the queue of background work kept in the database (a
    /// recording to fetch, a call to delete at Retell), and each call's stored recording.
    static let v7: [String] = [
        """
        CREATE TABLE work_items (
            id TEXT PRIMARY KEY NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('fetch_recording', 'delete_retell_call')),
            subject TEXT NOT NULL CHECK (length(subject) > 0),
            attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            due_at TEXT NOT NULL,
            last_error TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (kind, subject)
        )
        """,
        "CREATE INDEX work_items_due ON work_items(due_at)",
        """
        CREATE TABLE call_recordings (
            call_id TEXT PRIMARY KEY NOT NULL REFERENCES retell_calls(id) ON DELETE CASCADE,
            status TEXT NOT NULL CHECK (status IN ('pending', 'stored', 'failed', 'deleted')),
            file_name TEXT,
            key_id TEXT,
            bytes INTEGER CHECK (bytes IS NULL OR bytes >= 0),
            content_type TEXT,
            error TEXT,
            stored_at TEXT,
            deleted_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX call_recordings_status ON call_recordings(status, stored_at)",
    ]
}

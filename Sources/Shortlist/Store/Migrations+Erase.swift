import GRDB

extension Migrations {
    /// Erase (DESIGN §8): when a person was erased (their row stays with tombstone values so the
    /// counts that reference it stay right), the do-not-call entries kept only as a keyed hash of
    /// the number, and the random key of that hash (created once, here).
    static let v8Erase: [String] = [
        "ALTER TABLE candidates ADD COLUMN erased_at TEXT",
        """
        CREATE TABLE dnc_hashes (
            hash TEXT PRIMARY KEY NOT NULL CHECK (length(hash) = 64),
            source TEXT NOT NULL CHECK (source IN ('manual', 'call', 'import')),
            listed_at TEXT NOT NULL,
            erased_at TEXT NOT NULL
        )
        """,
        "INSERT INTO app_meta (key, value) VALUES ('dnc_hash_key', lower(hex(randomblob(32))))",
    ]
}

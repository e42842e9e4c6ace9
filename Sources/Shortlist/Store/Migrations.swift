import Foundation
import GRDB

/// The schema, one frozen migration at a time. Never edit a shipped migration: add `v2`, `v3` ….
enum Migrations {
    /// Every migration in order: its name, its statements, and any data it rewrites after them.
    static var all: [(name: String, statements: [String], after: (@Sendable (Database) throws -> Void)?)] { [
        ("v1", v1, nil),
        ("v2", v2, nil),
        ("v3", v3, nil),
        ("v4", v4, trimRejectedPayloads),
        ("v5", v5, keepCurrentAgentVersions),
        ("v6_lifelive", v6Lifelive, nil),
        ("v6_shortlist", v6Shortlist, nil),
        ("v7", v7, nil),
        ("v8_consent", v8Consent, nil),
        ("v8_recordings", v8Recordings, nil),
        ("v8_retention", v8Retention, nil),
        ("v8_erase", v8Erase, nil),
    ] }

    static func register(in migrator: inout DatabaseMigrator) {
        for migration in all {
            migrator.registerMigration(migration.name) { db in
                for statement in migration.statements { try db.execute(sql: statement) }
                try migration.after?(db)
            }
        }
    }

    /// Batch progress by candidates (DESIGN §8): how many of a batch's candidates are finished,
    /// recounted with its calls after every change (`recountBatch`, by the index
    /// campaign_candidates_batch_status); existing batches are counted once here.
    static let v6Lifelive: [String] = [
        "ALTER TABLE retell_batch_calls ADD COLUMN finished_candidates INTEGER NOT NULL DEFAULT 0 CHECK (finished_candidates >= 0)",
        """
        UPDATE retell_batch_calls SET finished_candidates = (
            SELECT count(*) FROM campaign_candidates cc WHERE cc.batch_id = retell_batch_calls.id AND cc.status = 'completed')
        """,
    ]

    /// Wave 2's follow-ups and shortlist (DESIGN §8): every agent version's exact text, the
    /// callback a candidate asked for, the recruiter's decision, and which way a call went.
    static let v5: [String] = [
        """
        CREATE TABLE campaign_agent_versions (
            id TEXT PRIMARY KEY NOT NULL,
            campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            version INTEGER NOT NULL CHECK (version >= 1),
            prompt TEXT NOT NULL,
            begin_message TEXT NOT NULL,
            analysis_fields TEXT NOT NULL,
            voice_id TEXT,
            prompt_sha256 TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (campaign_id, version)
        )
        """,
        // The time the candidate asked to be called back (UTC), from the analysis of their last call.
        "ALTER TABLE campaign_candidates ADD COLUMN callback_at TEXT",
        """
        ALTER TABLE campaign_candidates ADD COLUMN decision TEXT
            CHECK (decision IS NULL OR decision IN ('to_contact', 'contacted', 'interview', 'rejected'))
        """,
        "ALTER TABLE campaign_candidates ADD COLUMN decision_note TEXT",
        "ALTER TABLE campaign_candidates ADD COLUMN decided_by TEXT",
        "ALTER TABLE campaign_candidates ADD COLUMN decided_at TEXT",
        """
        ALTER TABLE retell_calls ADD COLUMN direction TEXT NOT NULL DEFAULT 'outbound'
            CHECK (direction IN ('outbound', 'inbound'))
        """,
        // The `callback_at` analysis answer as Retell gave it (text, as the candidate's local time).
        "ALTER TABLE retell_call_analysis ADD COLUMN callback_at TEXT",
    ]

    /// Agents made before v5 keep their current text as their version's record.
    private static func keepCurrentAgentVersions(_ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO campaign_agent_versions
              (id, campaign_id, version, prompt, begin_message, analysis_fields, voice_id, prompt_sha256, created_at)
            SELECT lower(hex(randomblob(16))), campaign_id, version, base_prompt, begin_message, analysis_fields, NULL,
                   prompt_sha256, updated_at
            FROM campaign_retell_agents
            """)
    }

    /// Rejected webhook deliveries (bad or missing signature) keep only their first 4 KiB: the
    /// whole body's length and SHA-256 say what the rest was. Signed deliveries leave both null
    /// (their payload is whole).
    static let v4: [String] = [
        "ALTER TABLE webhook_events ADD COLUMN payload_bytes INTEGER",
        "ALTER TABLE webhook_events ADD COLUMN payload_sha256 TEXT",
    ]

    /// Rejected rows stored before v4 are cut down like new ones.
    private static func trimRejectedPayloads(_ db: Database) throws {
        let rows = try Row.fetchAll(db, sql: "SELECT id, payload FROM webhook_events WHERE signature_valid = 0")
        for row in rows {
            let payload: Data = row["payload"]
            let kept = RejectedPayload(payload)
            try db.execute(
                sql: "UPDATE webhook_events SET payload = ?, payload_bytes = ?, payload_sha256 = ? WHERE id = ?",
                arguments: [kept.head, kept.length, kept.sha256, row["id"] as String])
        }
    }

    /// The admin pages over big campaigns: the per-campaign status index also carries each
    /// candidate's outcome and qualification, so the dry run, the outcome funnel and the dashboard
    /// count finished candidates from the index alone. Replacing it (rather than adding one) keeps
    /// imports and status changes at one index write each.
    static let v3: [String] = [
        "DROP INDEX campaign_candidates_status",
        "CREATE INDEX campaign_candidates_status ON campaign_candidates(campaign_id, status, seq, outcome, qualified)",
    ]

    /// The dialer: where a campaign's safety auto-pause window starts (DESIGN §5a), and an index
    /// for the per-number in-flight check made before every dial.
    static let v2: [String] = [
        "ALTER TABLE campaigns ADD COLUMN safety_window_from TEXT",
        "CREATE INDEX retell_calls_phone ON retell_calls(phone_number, call_status)",
        // The batch recount after every change counts by status: an index-only count.
        "CREATE INDEX retell_calls_batch_status ON retell_calls(batch_id, call_status)",
        // Whether a batch still has candidates queued or being called (checked after every change);
        // partial, so imports (no batch yet) do not maintain it.
        "CREATE INDEX campaign_candidates_batch_status ON campaign_candidates(batch_id, status) WHERE batch_id IS NOT NULL",
        // The rate budget counts creations in the last second.
        "CREATE INDEX retell_calls_created_at ON retell_calls(created_at)",
    ]

    /// The whole data model of DESIGN.md §2. Times are UTC text as GRDB writes dates
    /// ("YYYY-MM-DD HH:MM:SS.SSS"), which sorts in time order; ids are lower-case UUID text.
    static let v1: [String] = [
        """
        CREATE TABLE users (
            id TEXT PRIMARY KEY NOT NULL,
            email TEXT NOT NULL UNIQUE COLLATE NOCASE,
            name TEXT NOT NULL DEFAULT '',
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('admin', 'recruiter', 'viewer')),
            disabled_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            csrf_token TEXT NOT NULL,
            ip TEXT,
            user_agent TEXT,
            created_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX sessions_user_id ON sessions(user_id)",
        "CREATE INDEX sessions_expires_at ON sessions(expires_at)",
        """
        CREATE TABLE api_tokens (
            id TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL UNIQUE,
            token_hash TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL CHECK (role IN ('admin', 'recruiter', 'viewer')),
            user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL,
            last_used_at TEXT,
            revoked_at TEXT
        )
        """,
        """
        CREATE TABLE jobs (
            id TEXT PRIMARY KEY NOT NULL,
            company TEXT NOT NULL CHECK (length(company) > 0),
            title TEXT NOT NULL CHECK (length(title) > 0),
            location TEXT NOT NULL DEFAULT '',
            salary_range TEXT NOT NULL DEFAULT '',
            employment_type TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX jobs_created_at ON jobs(created_at)",
        """
        CREATE TABLE campaigns (
            id TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL CHECK (length(name) > 0),
            job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE RESTRICT,
            owner_user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
            owner_token_id TEXT REFERENCES api_tokens(id) ON DELETE SET NULL,
            status TEXT NOT NULL DEFAULT 'draft'
                CHECK (status IN ('draft', 'active', 'paused', 'completed', 'archived')),
            status_reason TEXT,
            from_number TEXT NOT NULL,
            timezone TEXT NOT NULL,
            window_start_minutes INTEGER NOT NULL CHECK (window_start_minutes BETWEEN 0 AND 1439),
            window_end_minutes INTEGER NOT NULL
                CHECK (window_end_minutes BETWEEN 1 AND 1440 AND window_end_minutes > window_start_minutes),
            days TEXT NOT NULL,
            max_attempts INTEGER NOT NULL CHECK (max_attempts BETWEEN 1 AND 10),
            retry_after_minutes INTEGER NOT NULL CHECK (retry_after_minutes >= 1),
            concurrency INTEGER CHECK (concurrency IS NULL OR concurrency >= 1),
            voice_id TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX campaigns_job_id ON campaigns(job_id)",
        "CREATE INDEX campaigns_status ON campaigns(status)",
        """
        CREATE TABLE campaign_questions (
            id TEXT PRIMARY KEY NOT NULL,
            campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            position INTEGER NOT NULL CHECK (position >= 0),
            text TEXT NOT NULL CHECK (length(text) > 0),
            UNIQUE (campaign_id, position)
        )
        """,
        """
        CREATE TABLE campaign_targets (
            id TEXT PRIMARY KEY NOT NULL,
            campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            position INTEGER NOT NULL CHECK (position >= 0),
            key TEXT NOT NULL CHECK (length(key) > 0),
            name TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            goal_type TEXT NOT NULL CHECK (goal_type IN ('boolean', 'text', 'number', 'choice')),
            choices TEXT,
            knockout TEXT,
            UNIQUE (campaign_id, key),
            UNIQUE (campaign_id, position)
        )
        """,
        """
        CREATE TABLE candidates (
            id TEXT PRIMARY KEY NOT NULL,
            full_name TEXT NOT NULL CHECK (length(full_name) > 0),
            phone TEXT NOT NULL UNIQUE CHECK (phone GLOB '+[1-9]*'),
            email TEXT,
            timezone TEXT,
            external_id TEXT,
            consent TEXT,
            source TEXT,
            attributes TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX candidates_external_id ON candidates(external_id) WHERE external_id IS NOT NULL",
        """
        CREATE TABLE retell_batch_calls (
            id TEXT PRIMARY KEY NOT NULL,
            campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            total_candidates INTEGER NOT NULL DEFAULT 0 CHECK (total_candidates >= 0),
            completed_calls INTEGER NOT NULL DEFAULT 0 CHECK (completed_calls >= 0),
            failed_calls INTEGER NOT NULL DEFAULT 0 CHECK (failed_calls >= 0),
            status TEXT NOT NULL DEFAULT 'preparing'
                CHECK (status IN ('preparing', 'in_progress', 'paused', 'completed', 'cancelled')),
            status_reason TEXT,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            started_at TEXT,
            completed_at TEXT,
            updated_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX retell_batch_calls_campaign ON retell_batch_calls(campaign_id, status)",
        """
        CREATE TABLE campaign_candidates (
            id TEXT PRIMARY KEY NOT NULL,
            campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            candidate_id TEXT NOT NULL REFERENCES candidates(id) ON DELETE RESTRICT,
            seq INTEGER NOT NULL,
            batch_id TEXT REFERENCES retell_batch_calls(id) ON DELETE SET NULL,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'queued', 'calling', 'completed')),
            outcome TEXT CHECK (outcome IS NULL OR outcome IN
                ('qualified', 'not_qualified', 'not_interested', 'unreachable', 'bad_number', 'do_not_call')),
            attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            next_attempt_at TEXT,
            last_call_id TEXT,
            qualified INTEGER CHECK (qualified IS NULL OR qualified IN (0, 1)),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (campaign_id, candidate_id),
            UNIQUE (campaign_id, seq)
        )
        """,
        "CREATE INDEX campaign_candidates_candidate ON campaign_candidates(candidate_id)",
        "CREATE INDEX campaign_candidates_status ON campaign_candidates(campaign_id, status, seq)",
        // The dialer's queue: only queued rows, so imports (pending) do not pay for it.
        "CREATE INDEX campaign_candidates_due ON campaign_candidates(next_attempt_at) WHERE status = 'queued'",
        """
        CREATE TABLE campaign_retell_agents (
            id TEXT PRIMARY KEY NOT NULL,
            campaign_id TEXT NOT NULL UNIQUE REFERENCES campaigns(id) ON DELETE CASCADE,
            retell_agent_id TEXT NOT NULL,
            retell_llm_id TEXT NOT NULL,
            agent_name TEXT NOT NULL,
            base_prompt TEXT NOT NULL,
            begin_message TEXT NOT NULL,
            dynamic_questions TEXT NOT NULL,
            job_context TEXT NOT NULL,
            analysis_fields TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version >= 1),
            prompt_sha256 TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE retell_calls (
            id TEXT PRIMARY KEY NOT NULL,
            campaign_id TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            campaign_candidate_id TEXT NOT NULL REFERENCES campaign_candidates(id) ON DELETE CASCADE,
            batch_id TEXT REFERENCES retell_batch_calls(id) ON DELETE SET NULL,
            attempt INTEGER NOT NULL CHECK (attempt >= 1),
            retell_call_id TEXT UNIQUE,
            retell_agent_id TEXT NOT NULL,
            agent_version INTEGER NOT NULL,
            retell_agent_version INTEGER,
            phone_number TEXT NOT NULL,
            call_status TEXT NOT NULL DEFAULT 'dialing' CHECK (call_status IN
                ('dialing', 'unknown', 'registered', 'ongoing', 'ended', 'analyzed', 'not_connected', 'failed')),
            disconnection_reason TEXT,
            duration_seconds INTEGER CHECK (duration_seconds IS NULL OR duration_seconds >= 0),
            cost_cents INTEGER CHECK (cost_cents IS NULL OR cost_cents >= 0),
            started_at TEXT,
            ended_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            last_event_at TEXT,
            last_checked_at TEXT,
            idempotency_key TEXT NOT NULL UNIQUE,
            last_error TEXT
        )
        """,
        "CREATE INDEX retell_calls_status ON retell_calls(call_status)",
        "CREATE INDEX retell_calls_candidate ON retell_calls(campaign_candidate_id)",
        "CREATE INDEX retell_calls_campaign ON retell_calls(campaign_id, created_at)",
        "CREATE INDEX retell_calls_batch ON retell_calls(batch_id)",
        """
        CREATE TABLE retell_call_analysis (
            call_id TEXT PRIMARY KEY NOT NULL REFERENCES retell_calls(id) ON DELETE CASCADE,
            available_to_work INTEGER CHECK (available_to_work IS NULL OR available_to_work IN (0, 1)),
            interested INTEGER CHECK (interested IS NULL OR interested IN (0, 1)),
            know_referee INTEGER CHECK (know_referee IS NULL OR know_referee IN (0, 1)),
            opted_out INTEGER CHECK (opted_out IS NULL OR opted_out IN (0, 1)),
            custom_responses TEXT NOT NULL DEFAULT '{}',
            call_summary TEXT,
            sentiment_score REAL CHECK (sentiment_score IS NULL OR sentiment_score BETWEEN 0 AND 1),
            user_sentiment TEXT,
            call_successful INTEGER CHECK (call_successful IS NULL OR call_successful IN (0, 1)),
            in_voicemail INTEGER CHECK (in_voicemail IS NULL OR in_voicemail IN (0, 1)),
            transcript TEXT,
            recording_url TEXT,
            public_log_url TEXT,
            next_steps TEXT,
            objections TEXT,
            key_points TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE webhook_events (
            id TEXT PRIMARY KEY NOT NULL,
            received_at TEXT NOT NULL,
            event TEXT,
            retell_call_id TEXT,
            payload BLOB NOT NULL,
            signature_valid INTEGER NOT NULL CHECK (signature_valid IN (0, 1)),
            processed_at TEXT,
            outcome TEXT,
            error TEXT
        )
        """,
        """
        CREATE UNIQUE INDEX webhook_events_once ON webhook_events(retell_call_id, event)
            WHERE signature_valid = 1 AND retell_call_id IS NOT NULL AND event IS NOT NULL
        """,
        "CREATE INDEX webhook_events_received_at ON webhook_events(received_at)",
        """
        CREATE TABLE dnc_numbers (
            id TEXT PRIMARY KEY NOT NULL,
            phone TEXT NOT NULL UNIQUE CHECK (phone GLOB '+[1-9]*'),
            reason TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL CHECK (source IN ('manual', 'call', 'import')),
            source_call_id TEXT REFERENCES retell_calls(id) ON DELETE SET NULL,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE audit_log (
            id TEXT PRIMARY KEY NOT NULL,
            at TEXT NOT NULL,
            actor_type TEXT NOT NULL CHECK (actor_type IN ('user', 'token', 'cli', 'system')),
            actor_id TEXT,
            actor_label TEXT NOT NULL,
            action TEXT NOT NULL,
            subject_type TEXT NOT NULL,
            subject_id TEXT,
            detail TEXT NOT NULL DEFAULT '{}'
        )
        """,
        "CREATE INDEX audit_log_at ON audit_log(at)",
        "CREATE INDEX audit_log_subject ON audit_log(subject_type, subject_id)",
        "CREATE INDEX audit_log_action ON audit_log(action, at)",
        """
        CREATE TABLE app_meta (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        )
        """,
    ]
}

import GRDB

/// The store's migrations. Append new migrations; never edit one that has shipped.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            // Listing columns (score, trend, risk, languages, marker_mask) are denormalised onto `call` so the
            // call list sorts and filters 100,000 calls with an index and no joins.
            try db.execute(sql: """
                CREATE TABLE call (
                    id INTEGER PRIMARY KEY,
                    path TEXT NOT NULL,
                    sha256 TEXT NOT NULL UNIQUE,
                    duration REAL NOT NULL,
                    sample_rate INTEGER NOT NULL,
                    channels INTEGER NOT NULL,
                    agent TEXT,
                    customer TEXT,
                    queue TEXT,
                    started_at REAL,
                    direction TEXT,
                    status TEXT NOT NULL DEFAULT 'queued',
                    error TEXT,
                    imported_at REAL NOT NULL,
                    score REAL,
                    trend TEXT,
                    risk INTEGER NOT NULL DEFAULT 0,
                    resolved INTEGER NOT NULL DEFAULT 0,
                    languages TEXT NOT NULL DEFAULT '',
                    negative_hits INTEGER NOT NULL DEFAULT 0,
                    marker_mask INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX call_started ON call(started_at, id);
                CREATE INDEX call_agent ON call(agent, started_at);
                CREATE INDEX call_score ON call(score, id);
                CREATE INDEX call_status ON call(status, id);
                CREATE INDEX call_duration ON call(duration, id);

                CREATE TABLE failed_import (
                    path TEXT PRIMARY KEY,
                    reason TEXT NOT NULL,
                    at REAL NOT NULL
                );

                CREATE TABLE utterance (
                    id INTEGER PRIMARY KEY,
                    call_id INTEGER NOT NULL REFERENCES call(id) ON DELETE CASCADE,
                    idx INTEGER NOT NULL,
                    speaker TEXT NOT NULL,
                    channel INTEGER NOT NULL,
                    start REAL NOT NULL,
                    end REAL NOT NULL,
                    text TEXT NOT NULL,
                    normalized_text TEXT NOT NULL,
                    language TEXT,
                    emotion TEXT,
                    event TEXT,
                    tokens TEXT,
                    UNIQUE(call_id, idx)
                );

                -- rowid = utterance.id; body = normalised text with every CJK character spaced, so unicode61
                -- makes each one a token and a phrase query finds Chinese of any length.
                CREATE VIRTUAL TABLE utterance_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2');

                CREATE TABLE marker (
                    id INTEGER PRIMARY KEY,
                    call_id INTEGER NOT NULL REFERENCES call(id) ON DELETE CASCADE,
                    idx INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    category TEXT NOT NULL,
                    speaker TEXT,
                    start REAL NOT NULL,
                    end REAL NOT NULL,
                    matched_text TEXT NOT NULL,
                    polarity TEXT NOT NULL,
                    severity INTEGER NOT NULL,
                    explanation TEXT NOT NULL,
                    utterance_idx INTEGER,
                    negated INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX marker_call ON marker(call_id, idx);
                CREATE INDEX marker_kind ON marker(kind, category);

                CREATE TABLE score (
                    call_id INTEGER PRIMARY KEY REFERENCES call(id) ON DELETE CASCADE,
                    value REAL NOT NULL,
                    base REAL NOT NULL,
                    evidence TEXT NOT NULL,
                    trend TEXT NOT NULL,
                    risk INTEGER NOT NULL,
                    resolved INTEGER NOT NULL,
                    suggestions TEXT NOT NULL,
                    analysed_at REAL NOT NULL
                );

                CREATE TABLE note (
                    id INTEGER PRIMARY KEY,
                    call_id INTEGER NOT NULL REFERENCES call(id) ON DELETE CASCADE,
                    at REAL NOT NULL,
                    author TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    text TEXT NOT NULL
                );
                CREATE INDEX note_call ON note(call_id, at);

                -- Current dictionary, queryable; every saved state is also kept whole in dictionary_version.
                CREATE TABLE dictionary_category (
                    id INTEGER PRIMARY KEY,
                    position INTEGER NOT NULL,
                    name TEXT NOT NULL UNIQUE,
                    role TEXT NOT NULL,
                    weight REAL NOT NULL,
                    color TEXT NOT NULL,
                    speaker TEXT,
                    ord INTEGER,
                    dialect TEXT
                );
                CREATE TABLE dictionary_term (
                    id INTEGER PRIMARY KEY,
                    category_id INTEGER NOT NULL REFERENCES dictionary_category(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    text TEXT NOT NULL,
                    weight REAL NOT NULL,
                    UNIQUE(category_id, text)
                );
                CREATE TABLE dictionary_version (
                    version INTEGER PRIMARY KEY,
                    author TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    summary TEXT NOT NULL,
                    body TEXT NOT NULL
                );

                CREATE TABLE job (
                    id INTEGER PRIMARY KEY,
                    call_id INTEGER NOT NULL REFERENCES call(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    state TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    progress REAL NOT NULL DEFAULT 0,
                    worker TEXT,
                    heartbeat REAL,
                    error TEXT,
                    created_at REAL NOT NULL,
                    finished_at REAL
                );
                CREATE INDEX job_state ON job(state, kind, id);
                CREATE INDEX job_call ON job(call_id, state);
                -- At most one pending job of a kind per call: enqueueing twice is a no-op.
                CREATE UNIQUE INDEX job_pending ON job(call_id, kind) WHERE state IN ('queued', 'running');
                """)
        }
        migrator.registerMigration("v2") { db in
            // heard: what the recogniser wrote for a keyword found by sound. raw_text: the recogniser's text when
            // `text` was converted for reading (Traditional → Simplified). pitch (median F0, Hz) and loudness
            // (RMS, dBFS) of each utterance: what agitation is heard from.
            try db.execute(sql: """
                ALTER TABLE marker ADD COLUMN heard TEXT;
                ALTER TABLE utterance ADD COLUMN raw_text TEXT;
                ALTER TABLE utterance ADD COLUMN pitch REAL;
                ALTER TABLE utterance ADD COLUMN loudness REAL;
                """)
        }
        migrator.registerMigration("v3") { db in
            // Where a transcription had got to, written every few seconds while it runs (TranscriptCheckpoint
            // as JSON); removed with the finished transcript.
            // claimed_at: when the running attempt began, so a worker that died after checkpointing progress is
            // not counted against the call (only one that dies on it without getting anywhere is).
            try db.execute(sql: """
                CREATE TABLE job_checkpoint (
                    job_id INTEGER PRIMARY KEY REFERENCES job(id) ON DELETE CASCADE,
                    body TEXT NOT NULL,
                    saved_at REAL NOT NULL
                );
                ALTER TABLE job ADD COLUMN claimed_at REAL;
                """)
        }
        migrator.registerMigration("v4") { db in
            // Which `Analyzer.version` wrote the call's markers and score, so calls analysed by an older Hark are
            // re-analysed. 0: analysed before versions were recorded, or never analysed.
            try db.execute(sql: """
                ALTER TABLE call ADD COLUMN analysis_version INTEGER NOT NULL DEFAULT 0;
                """)
        }
        migrator.registerMigration("v5") { db in
            // A file name that is not UTF-8 (GBK from a Windows share) cannot be kept in TEXT: `path` holds it
            // readable (undecodable bytes escaped) and path_bytes the exact bytes to open. NULL: `path` is exact.
            try db.execute(sql: """
                ALTER TABLE call ADD COLUMN path_bytes BLOB;
                """)
        }
        migrator.registerMigration("v6") { db in
            // QA forms, versioned whole like the dictionary (body: the form set as JSON). form_facts: what a
            // form is evaluated over, per call (FormCoding), so a form edit re-scores without re-analysis.
            // form_result: the call against its form at `version` (form NULL: no form applies to its queue).
            // call.score is the listing's score: the form's when one applies, else the experience score,
            // which is kept in call.experience; form_passed is NULL when no form applies.
            try db.execute(sql: """
                CREATE TABLE form_version (
                    version INTEGER PRIMARY KEY,
                    author TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    summary TEXT NOT NULL,
                    body TEXT NOT NULL
                );
                CREATE TABLE form_facts (
                    call_id INTEGER PRIMARY KEY REFERENCES call(id) ON DELETE CASCADE,
                    body BLOB NOT NULL
                );
                CREATE TABLE form_result (
                    call_id INTEGER PRIMARY KEY REFERENCES call(id) ON DELETE CASCADE,
                    form TEXT,
                    version INTEGER NOT NULL,
                    score REAL,
                    passed INTEGER,
                    body BLOB NOT NULL
                );
                ALTER TABLE call ADD COLUMN experience REAL;
                ALTER TABLE call ADD COLUMN form_passed INTEGER;
                UPDATE call SET experience = score;
                """)
        }
        // Apart (CallStore+Settings.swift) so it merges beside other migrations.
        migrator.registerMigration("v7-settings", migrate: Schema.settingsMigration)
        migrator.registerMigration("v8-roles") { db in
            // How a mono call's two voices were given the agent and customer roles (InferredRoles as JSON);
            // NULL for stereo calls (channel = role) and calls not diarized.
            try db.execute(sql: "ALTER TABLE call ADD COLUMN roles TEXT")
        }
        // Apart (CallStore+Live.swift), beside the live calls and alerts it holds.
        migrator.registerMigration("v9-live", migrate: Schema.liveMigration)
        return migrator
    }
}

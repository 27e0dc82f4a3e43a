import EcoAir
import EcoCore
import GRDB

/// The SQLite schema as ordered, named migration steps. A step once released is never edited: a change is a new step.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("001-regions-frameworks-observations") { db in
            try db.execute(sql: """
                CREATE TABLE region (
                    code TEXT PRIMARY KEY NOT NULL,
                    name_zh TEXT NOT NULL,
                    name_en TEXT NOT NULL,
                    level TEXT NOT NULL CHECK (level IN ('province', 'city', 'county')),
                    parent TEXT,
                    kind TEXT NOT NULL,
                    valid_from TEXT,
                    valid_to TEXT,
                    attributes TEXT NOT NULL DEFAULT '{}'
                );
                CREATE TABLE framework_version (
                    framework_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    document TEXT NOT NULL,
                    imported_at TEXT NOT NULL,
                    imported_by TEXT NOT NULL,
                    PRIMARY KEY (framework_id, version)
                );
                CREATE TABLE observation (
                    framework_id TEXT NOT NULL,
                    region_code TEXT NOT NULL,
                    indicator_id TEXT NOT NULL,
                    year INTEGER NOT NULL,
                    number REAL,
                    level TEXT,
                    source TEXT,
                    note TEXT,
                    certainty TEXT,
                    synthetic INTEGER NOT NULL DEFAULT 0,
                    updated_at TEXT NOT NULL,
                    updated_by TEXT NOT NULL,
                    PRIMARY KEY (framework_id, region_code, indicator_id, year),
                    CHECK ((number IS NULL) <> (level IS NULL))
                ) WITHOUT ROWID;
                CREATE TABLE audit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    framework_id TEXT NOT NULL,
                    region_code TEXT NOT NULL,
                    indicator_id TEXT NOT NULL,
                    year INTEGER NOT NULL,
                    old_value TEXT,
                    new_value TEXT,
                    reason TEXT,
                    source TEXT
                );
                CREATE INDEX audit_cell ON audit (framework_id, region_code, indicator_id, year);
                """)
        }
        m.registerMigration("002-audit-append-only") { db in
            try db.execute(sql: """
                CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
                BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
                CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
                BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
                """)
        }
        m.registerMigration("003-basic-conditions") { db in
            try db.execute(sql: """
                CREATE TABLE basic_condition (
                    framework_id TEXT NOT NULL,
                    condition_id TEXT NOT NULL,
                    region_code TEXT NOT NULL,
                    year INTEGER NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('met', 'notMet', 'unknown')),
                    evidence TEXT,
                    updated_at TEXT NOT NULL,
                    updated_by TEXT NOT NULL,
                    PRIMARY KEY (framework_id, region_code, condition_id, year)
                ) WITHOUT ROWID;
                """)
        }
        m.registerMigration("004-boundaries-revision") { db in
            try db.execute(sql: """
                CREATE TABLE region_boundary (
                    code TEXT PRIMARY KEY NOT NULL,
                    rings TEXT NOT NULL,
                    source TEXT NOT NULL
                );
                CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL);
                INSERT INTO meta (key, value) VALUES ('revision', 0);
                """)
            // Every write bumps the revision, whichever command or connection makes it.
            for table in ["region", "framework_version", "observation", "basic_condition", "region_boundary"] {
                for event in ["INSERT", "UPDATE", "DELETE"] {
                    try db.execute(sql: """
                        CREATE TRIGGER \(table)_\(event.lowercased())_revision AFTER \(event) ON \(table)
                        BEGIN UPDATE meta SET value = value + 1 WHERE key = 'revision'; END;
                        """)
                }
            }
        }
        m.registerMigration("005-air-monitoring") { db in
            // Station-hours are many (2.6 million a year for 300 stations): a WITHOUT ROWID table keyed by
            // (station, hour) and no revision trigger on it; the values computed from them bump the revision.
            try db.execute(sql: """
                CREATE TABLE air_station (
                    code TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    region TEXT NOT NULL,
                    class TEXT NOT NULL CHECK (class IN ('national', 'provincial', 'county')),
                    lon REAL NOT NULL,
                    lat REAL NOT NULL,
                    synthetic INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE air_hour (
                    station TEXT NOT NULL,
                    hour_end INTEGER NOT NULL,
                    so2 INTEGER, no2 INTEGER, pm10 INTEGER, co INTEGER, o3 INTEGER, pm25 INTEGER,
                    flag TEXT,
                    PRIMARY KEY (station, hour_end)
                ) WITHOUT ROWID;
                """)
        }
        m.registerMigration("006-air-annual") { db in
            // The stored annual evaluations (`air annual`), read by /air and the API instead of recomputing; and a
            // counter of station-hour writes, so a reader can tell an evaluation older than the data.
            try db.execute(sql: """
                CREATE TABLE air_annual (
                    region TEXT NOT NULL,
                    year INTEGER NOT NULL,
                    document TEXT NOT NULL,
                    PRIMARY KEY (year, region)
                ) WITHOUT ROWID;
                INSERT INTO meta (key, value) VALUES ('air_hours_revision', 0);
                CREATE TRIGGER air_annual_insert_revision AFTER INSERT ON air_annual
                BEGIN UPDATE meta SET value = value + 1 WHERE key = 'revision'; END;
                CREATE TRIGGER air_annual_delete_revision AFTER DELETE ON air_annual
                BEGIN UPDATE meta SET value = value + 1 WHERE key = 'revision'; END;
                """)
        }
        m.registerMigration("007-air-import-runs") { db in
            // One row per hourly-file import: started before its first batch, its row count moved with each batch,
            // finished after the last. An unfinished run marks a partial file (see `AirImportRun`).
            try db.execute(sql: """
                CREATE TABLE air_import_run (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    file TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    started_at TEXT NOT NULL,
                    finished_at TEXT,
                    rows_written INTEGER NOT NULL DEFAULT 0,
                    rows_refused INTEGER NOT NULL DEFAULT 0,
                    superseded_by INTEGER REFERENCES air_import_run (id),
                    abandoned_at TEXT
                );
                CREATE INDEX air_import_run_file ON air_import_run (file);
                """)
        }
        m.registerMigration("008-water") { db in
            // Surface water: sections as documents, samples keyed by (section, day) with their item texts, and the
            // yearly evaluation as one document; a counter of sample writes tells a reader the evaluation is stale.
            try db.execute(sql: """
                CREATE TABLE water_section (code TEXT PRIMARY KEY NOT NULL, document TEXT NOT NULL);
                CREATE TABLE water_sample (
                    section TEXT NOT NULL,
                    date TEXT NOT NULL,
                    items TEXT NOT NULL,
                    PRIMARY KEY (section, date)
                ) WITHOUT ROWID;
                CREATE INDEX water_sample_date ON water_sample (date);
                CREATE TABLE water_year (year INTEGER PRIMARY KEY NOT NULL, document TEXT NOT NULL);
                INSERT INTO meta (key, value) VALUES ('water_samples_revision', 0);
                CREATE TRIGGER water_section_revision AFTER INSERT ON water_section
                BEGIN UPDATE meta SET value = value + 1 WHERE key = 'revision'; END;
                CREATE TRIGGER water_section_update_revision AFTER UPDATE ON water_section
                BEGIN UPDATE meta SET value = value + 1 WHERE key = 'revision'; END;
                CREATE TRIGGER water_year_revision AFTER INSERT ON water_year
                BEGIN UPDATE meta SET value = value + 1 WHERE key = 'revision'; END;
                """)
        }
        m.registerMigration("009-accounts") { db in
            // Accounts (a role within a region subtree, a bcrypt hash, the failed-login state) and API tokens (their
            // SHA-256 only). No revision trigger: no cached page is derived from them.
            try db.execute(sql: """
                CREATE TABLE account (
                    name TEXT PRIMARY KEY NOT NULL,
                    role TEXT NOT NULL,
                    region TEXT NOT NULL,
                    password_hash TEXT NOT NULL,
                    disabled INTEGER NOT NULL DEFAULT 0,
                    failed_logins INTEGER NOT NULL DEFAULT 0,
                    locked_until TEXT,
                    created_at TEXT NOT NULL
                );
                CREATE TABLE api_token (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    account TEXT NOT NULL REFERENCES account (name),
                    label TEXT,
                    hash TEXT NOT NULL UNIQUE,
                    created_at TEXT NOT NULL,
                    last_used_at TEXT,
                    revoked_at TEXT
                );
                """)
        }
        m.registerMigration("010-workflow-audit-chain") { db in
            // Per-value versions (stale writes are refused), the audit's client fields and hash chain with one head
            // per framework (records from before this step stay unchained and lead the trail), the workflow's unit
            // states, validation results and browser sessions.
            try db.execute(sql: """
                ALTER TABLE observation ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
                ALTER TABLE audit ADD COLUMN address TEXT;
                ALTER TABLE audit ADD COLUMN user_agent TEXT;
                ALTER TABLE audit ADD COLUMN seq INTEGER;
                ALTER TABLE audit ADD COLUMN prev_hash TEXT;
                ALTER TABLE audit ADD COLUMN hash TEXT;
                CREATE INDEX audit_unit ON audit (framework_id, year, region_code);
                CREATE TABLE audit_head (
                    framework_id TEXT PRIMARY KEY NOT NULL,
                    seq INTEGER NOT NULL,
                    hash TEXT NOT NULL
                );
                CREATE TABLE report_state (
                    framework_id TEXT NOT NULL,
                    region_code TEXT NOT NULL,
                    year INTEGER NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('open', 'draft', 'submitted', 'approved', 'published')),
                    updated_at TEXT NOT NULL,
                    updated_by TEXT NOT NULL,
                    reason TEXT,
                    PRIMARY KEY (framework_id, region_code, year)
                ) WITHOUT ROWID;
                CREATE TABLE validation_result (
                    framework_id TEXT NOT NULL,
                    region_code TEXT NOT NULL,
                    year INTEGER NOT NULL,
                    checked_at TEXT NOT NULL,
                    results TEXT NOT NULL,
                    PRIMARY KEY (framework_id, region_code, year)
                ) WITHOUT ROWID;
                CREATE TABLE session (
                    hash TEXT PRIMARY KEY NOT NULL,
                    account TEXT NOT NULL REFERENCES account (name),
                    csrf TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    expires_at TEXT NOT NULL,
                    address TEXT,
                    user_agent TEXT
                );
                """)
            // The published view and the locks depend on the states: pages are rebuilt when one changes.
            for event in ["INSERT", "UPDATE", "DELETE"] {
                try db.execute(sql: """
                    CREATE TRIGGER report_state_\(event.lowercased())_revision AFTER \(event) ON report_state
                    BEGIN UPDATE meta SET value = value + 1 WHERE key = 'revision'; END;
                    """)
            }
        }
        m.registerMigration("011-published-revision") { db in
            // The published view's own counter (see `publishedRevision()`): unit states and the shared tables.
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('published_revision', 0)")
            for table in ["report_state", "region", "framework_version", "region_boundary", "basic_condition"] {
                for event in ["INSERT", "UPDATE", "DELETE"] {
                    try db.execute(sql: """
                        CREATE TRIGGER \(table)_\(event.lowercased())_published AFTER \(event) ON \(table)
                        BEGIN UPDATE meta SET value = value + 1 WHERE key = 'published_revision'; END;
                        """)
                }
            }
        }
        m.registerMigration("012-sources") { db in
            // Pollution sources: the registry as documents by key; readings by (device, kind, data time, pollutant)
            // with every suffix's text; raw packets for evidence; device states; alarms with an active flag.
            try db.execute(sql: """
                CREATE TABLE source_enterprise (credit_code TEXT PRIMARY KEY NOT NULL, document TEXT NOT NULL);
                CREATE TABLE source_outlet (id TEXT PRIMARY KEY NOT NULL, document TEXT NOT NULL);
                CREATE TABLE source_device (mn TEXT PRIMARY KEY NOT NULL, document TEXT NOT NULL);
                CREATE TABLE source_permit (number TEXT PRIMARY KEY NOT NULL, document TEXT NOT NULL);
                CREATE TABLE source_limit (
                    outlet TEXT NOT NULL, pollutant TEXT NOT NULL, period TEXT NOT NULL, document TEXT NOT NULL,
                    PRIMARY KEY (outlet, pollutant, period)
                ) WITHOUT ROWID;
                CREATE TABLE source_reading (
                    mn TEXT NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('rtd', 'minute', 'hour', 'day')), time TEXT NOT NULL,
                    pollutant TEXT NOT NULL, texts TEXT NOT NULL,
                    PRIMARY KEY (mn, kind, time, pollutant)
                ) WITHOUT ROWID;
                CREATE INDEX source_reading_kind_time ON source_reading (kind, time);
                CREATE TABLE source_packet (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, received_at REAL NOT NULL, peer TEXT NOT NULL, mn TEXT, cn TEXT,
                    outcome TEXT NOT NULL, raw TEXT NOT NULL
                );
                CREATE INDEX source_packet_received ON source_packet (received_at);
                CREATE INDEX source_packet_mn ON source_packet (mn, id);
                CREATE TABLE source_device_state (mn TEXT PRIMARY KEY NOT NULL, document TEXT NOT NULL);
                CREATE TABLE source_alarm (id TEXT PRIMARY KEY NOT NULL, active INTEGER NOT NULL, document TEXT NOT NULL);
                CREATE INDEX source_alarm_active ON source_alarm (active);
                INSERT INTO meta (key, value) VALUES ('sources_revision', 0);
                """)
        }
        m.registerMigration("013-accounting") { db in
            // Carbon and GEP inputs as one JSON document per (kind, region, year); user factor sets and the
            // protected-area registry as documents by id. Pages derived from them are rebuilt on a change.
            try db.execute(sql: """
                CREATE TABLE accounting_input (
                    kind TEXT NOT NULL CHECK (kind IN ('energy', 'electricity', 'gdp', 'gep')), region TEXT NOT NULL,
                    year INTEGER NOT NULL, rows TEXT NOT NULL,
                    PRIMARY KEY (kind, region, year)
                ) WITHOUT ROWID;
                CREATE TABLE factor_set (id TEXT PRIMARY KEY NOT NULL, document TEXT NOT NULL);
                CREATE TABLE protected_area (id TEXT PRIMARY KEY NOT NULL, document TEXT NOT NULL);
                """)
            for table in ["accounting_input", "factor_set", "protected_area"] {
                for event in ["INSERT", "UPDATE", "DELETE"] {
                    try db.execute(sql: """
                        CREATE TRIGGER \(table)_\(event.lowercased())_revision AFTER \(event) ON \(table)
                        BEGIN UPDATE meta SET value = value + 1 WHERE key = 'revision'; END;
                        """)
                }
            }
        }
        m.registerMigration("014-delivery") { db in
            // Projects, tasks, departments, supervision cases, programme edits and rules: one JSON document per
            // (kind, id); the documents are small and read whole.
            try db.execute(sql: """
                CREATE TABLE delivery_record (
                    kind TEXT NOT NULL CHECK (kind IN ('programme', 'project', 'task', 'department', 'case', 'rules')),
                    id TEXT NOT NULL, document TEXT NOT NULL, PRIMARY KEY (kind, id)
                ) WITHOUT ROWID;
                """)
            for event in ["INSERT", "UPDATE", "DELETE"] {
                try db.execute(sql: """
                    CREATE TRIGGER delivery_record_\(event.lowercased())_revision AFTER \(event) ON delivery_record
                    BEGIN UPDATE meta SET value = value + 1 WHERE key = 'revision'; END;
                    """)
            }
        }
        m.registerMigration("015-enterprise") { db in
            // Credit records, ratings with their procedure, schemes: one JSON document per (kind, id).
            try db.execute(sql: """
                CREATE TABLE enterprise_record (
                    kind TEXT NOT NULL CHECK (kind IN ('credit-record', 'rating', 'scheme', 'risk-source', 'target', 'plan', 'resource', 'incident')),
                    id TEXT NOT NULL, document TEXT NOT NULL, PRIMARY KEY (kind, id)
                ) WITHOUT ROWID;
                """)
            for event in ["INSERT", "UPDATE", "DELETE"] {
                try db.execute(sql: """
                    CREATE TRIGGER enterprise_record_\(event.lowercased())_revision AFTER \(event) ON enterprise_record
                    BEGIN UPDATE meta SET value = value + 1 WHERE key = 'revision'; END;
                    """)
            }
        }
        return m
    }
}

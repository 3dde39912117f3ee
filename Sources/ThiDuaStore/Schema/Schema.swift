import GRDB

/// The database schema, as GRDB migrations. Constraints stop bad data at the door even when
/// it does not come through ThiĐua's importers: the SQL-level tests write to it directly.
public enum Schema {
    /// The schema's version: how many migrations this code knows. Kept in the file's
    /// `user_version`, so that a database a newer ThiĐua has migrated further is refused.
    public static let version = 7

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: units, campaigns, models, pledges, jury, score log") { db in
            for statement in v1 { try db.execute(sql: statement) }
        }
        migrator.registerMigration("v2: scoring runs and results") { db in
            for statement in v2 { try db.execute(sql: statement) }
        }
        migrator.registerMigration("v3: award decisions") { db in
            try db.execute(sql: v3)
        }
        migrator.registerMigration("v4: juror and secretariat tokens") { db in
            for statement in v4 { try db.execute(sql: statement) }
        }
        migrator.registerMigration("v5: score times as instants") { db in
            for statement in v5ScoreTimes { try db.execute(sql: statement) }
        }
        migrator.registerMigration("v5.1: model facts as written") { db in
            for statement in v5Facts { try db.execute(sql: statement) }
        }
        migrator.registerMigration("v6: published runs") { db in
            for statement in v6 { try db.execute(sql: statement) }
        }
        return migrator
    }

    /// Publishing (công bố): each time the secretariat publishes a run, one row (a log: the
    /// latest row is what the public pages show as final). And the criteria file each run was
    /// scored with, by its SHA-256, so that a stored run is still ranked and shown after the
    /// file is edited.
    static let v6 = [
        """
        CREATE TABLE published_runs (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES scoring_runs(id),
            published_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE run_criteria (
            sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
            file TEXT NOT NULL,
            source BLOB NOT NULL
        ) WITHOUT ROWID
        """,
    ]

    /// A campaign's award configuration (decisions and certificates), kept as the YAML text
    /// that was checked when it was imported, with the file's name for messages.
    static let v3 = """
        CREATE TABLE award_decisions (
            campaign_id INTEGER PRIMARY KEY REFERENCES campaigns(id),
            file TEXT NOT NULL,
            source TEXT NOT NULL
        )
        """

    /// Personal tokens for the web app, stored only as their SHA-256: one per juror, and the
    /// secretariat's.
    static let v4 = [
        """
        CREATE TABLE juror_tokens (
            juror_id INTEGER PRIMARY KEY REFERENCES jurors(id),
            token_sha256 TEXT NOT NULL UNIQUE CHECK (length(token_sha256) = 64)
        )
        """,
        """
        CREATE TABLE admin_tokens (
            token_sha256 TEXT PRIMARY KEY CHECK (length(token_sha256) = 64)
        ) WITHOUT ROWID
        """,
    ]

    /// Each `thidua score` is a run: the criteria set's identity and hash, a hash of every input,
    /// and one row per entry with its exact total and the whole result (trace included) as JSON.
    static let v2: [String] = [
        """
        CREATE TABLE scoring_runs (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
            criteria_set TEXT NOT NULL,
            criteria_version TEXT NOT NULL,
            criteria_sha256 TEXT NOT NULL CHECK (length(criteria_sha256) = 64),
            input_sha256 TEXT NOT NULL CHECK (length(input_sha256) = 64),
            created_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE results (
            run_id INTEGER NOT NULL REFERENCES scoring_runs(id),
            entry TEXT NOT NULL,
            unit TEXT NOT NULL,
            bloc TEXT,
            total TEXT,
            tier TEXT,
            status TEXT NOT NULL CHECK (status IN ('ranked', 'vetoed', 'incomplete', 'error')),
            detail TEXT NOT NULL,
            PRIMARY KEY (run_id, entry)
        ) WITHOUT ROWID
        """,
    ]

    /// `name` holds a code: letters, digits, `-`, `_`, `.`.
    private static func code(_ name: String) -> String {
        "\(name) TEXT NOT NULL CHECK (\(name) <> '' AND \(name) NOT GLOB '*[^A-Za-z0-9._-]*')"
    }

    /// `name` holds canonical decimal text (`97.5`, `-3`, `0.25`); `signed` allows a leading `-`.
    /// Written with ltrim/instr rather than GLOB '*[^0-9.]*', which costs three times as much.
    static func decimal(_ name: String, signed: Bool, nullable: Bool = false) -> String {
        let v = signed ? "(CASE WHEN \(name) GLOB '-*' THEN substr(\(name), 2) ELSE \(name) END)" : name
        let check = """
            (ltrim(\(v), '0123456789.') = '' AND \(v) GLOB '[0-9]*' AND substr(\(v), -1) <> '.' \
            AND instr(substr(\(v), instr(\(v), '.') + 1), '.') = 0)
            """
        return nullable
            ? "\(name) TEXT CHECK (\(name) IS NULL OR \(check))"
            : "\(name) TEXT NOT NULL CHECK \(check)"
    }

    private static let day = "GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'"
    private static func text(_ name: String) -> String { "\(name) TEXT NOT NULL CHECK (length(trim(\(name))) > 0)" }

    static let v1: [String] = [
        """
        CREATE TABLE units (
            id INTEGER PRIMARY KEY,
            \(code("code")) UNIQUE,
            \(text("name")),
            kind TEXT NOT NULL CHECK (kind IN ('locality', 'ward', 'commune', 'township', 'special_zone',
                'agency', 'mass_organisation', 'party_body')),
            parent_id INTEGER REFERENCES units(id),
            CHECK (parent_id IS NULL OR parent_id <> id)
        )
        """,
        "CREATE INDEX units_parent ON units(parent_id)",
        """
        CREATE TABLE blocs (
            id INTEGER PRIMARY KEY,
            \(code("code")),
            year INTEGER NOT NULL CHECK (year BETWEEN 1945 AND 9999),
            \(text("name")),
            leader_id INTEGER NOT NULL REFERENCES units(id),
            UNIQUE (code, year)
        )
        """,
        """
        CREATE TABLE bloc_members (
            bloc_id INTEGER NOT NULL REFERENCES blocs(id) ON DELETE CASCADE,
            unit_id INTEGER NOT NULL REFERENCES units(id),
            PRIMARY KEY (bloc_id, unit_id)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX bloc_members_unit ON bloc_members(unit_id)",
        """
        CREATE TABLE campaigns (
            id INTEGER PRIMARY KEY,
            \(code("code")) UNIQUE,
            year INTEGER NOT NULL CHECK (year BETWEEN 1945 AND 9999),
            \(text("title")),
            \(code("criteria_set")),
            registration_deadline TEXT CHECK (registration_deadline IS NULL OR registration_deadline \(day)),
            report_deadline TEXT CHECK (report_deadline IS NULL OR report_deadline \(day)),
            scoring_deadline TEXT CHECK (scoring_deadline IS NULL OR scoring_deadline \(day)),
            state TEXT NOT NULL CHECK (state IN ('open', 'scoring', 'frozen'))
        )
        """,
        // open → scoring → frozen, never backwards: a frozen round stays frozen.
        """
        CREATE TRIGGER campaigns_state_forward BEFORE UPDATE OF state ON campaigns
        WHEN instr('open scoring frozen', NEW.state) < instr('open scoring frozen', OLD.state)
        BEGIN
            SELECT RAISE(ABORT, 'campaign state only moves forward: open → scoring → frozen');
        END
        """,
        """
        CREATE TABLE models (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
            \(code("code")),
            unit_id INTEGER NOT NULL REFERENCES units(id),
            kind TEXT NOT NULL CHECK (kind IN ('collective', 'individual')),
            person_name TEXT,
            person_position TEXT,
            field TEXT NOT NULL CHECK (field IN ('economy', 'culture_society', 'defence_security', 'political_system')),
            \(text("name")),
            registered_on TEXT NOT NULL CHECK (registered_on \(day)),
            situation TEXT, goals TEXT, approach TEXT, area_and_people TEXT, forces TEXT,
            resources TEXT, duration TEXT, outputs TEXT, sustainability TEXT,
            UNIQUE (campaign_id, code),
            CHECK ((kind = 'individual') = (person_name IS NOT NULL AND person_position IS NOT NULL)),
            CHECK (kind = 'individual' OR (person_name IS NULL AND person_position IS NULL))
        )
        """,
        "CREATE INDEX models_unit ON models(unit_id)",
        """
        CREATE TABLE model_metrics (
            model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
            \(code("name")),
            \(decimal("value", signed: true)),
            PRIMARY KEY (model_id, name)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE model_facts (
            model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
            \(code("name")),
            type TEXT NOT NULL CHECK (type IN ('bool', 'text')),
            value TEXT NOT NULL CHECK (type = 'text' OR value IN ('true', 'false')),
            PRIMARY KEY (model_id, name)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE pledges (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
            \(code("code")),
            \(text("title")),
            leader_id INTEGER NOT NULL REFERENCES units(id),
            signed_on TEXT NOT NULL CHECK (signed_on \(day)),
            UNIQUE (campaign_id, code)
        )
        """,
        """
        CREATE TABLE pledge_members (
            pledge_id INTEGER NOT NULL REFERENCES pledges(id) ON DELETE CASCADE,
            unit_id INTEGER NOT NULL REFERENCES units(id),
            PRIMARY KEY (pledge_id, unit_id)
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE targets (
            id INTEGER PRIMARY KEY,
            pledge_id INTEGER NOT NULL REFERENCES pledges(id),
            \(code("code")),
            \(text("text")),
            \(text("unit_of_measure")),
            \(decimal("target_value", signed: true)),
            direction TEXT NOT NULL CHECK (direction IN ('at_least', 'at_most')),
            \(decimal("weight", signed: false)),
            UNIQUE (pledge_id, code),
            UNIQUE (id, pledge_id)
        )
        """,
        """
        CREATE TABLE reports (
            id INTEGER PRIMARY KEY,
            pledge_id INTEGER NOT NULL,
            unit_id INTEGER NOT NULL,
            target_id INTEGER NOT NULL,
            \(decimal("actual", signed: true)),
            \(decimal("self_score", signed: false)),
            \(decimal("verified_score", signed: false, nullable: true)),
            submitted_on TEXT NOT NULL CHECK (submitted_on \(day)),
            UNIQUE (target_id, unit_id),
            FOREIGN KEY (target_id, pledge_id) REFERENCES targets(id, pledge_id),
            FOREIGN KEY (pledge_id, unit_id) REFERENCES pledge_members(pledge_id, unit_id)
        )
        """,
        "CREATE INDEX reports_pledge_unit ON reports(pledge_id, unit_id)",
        """
        CREATE TABLE jurors (
            id INTEGER PRIMARY KEY,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
            \(code("code")),
            \(text("name")),
            \(text("title")),
            unit_id INTEGER REFERENCES units(id),
            UNIQUE (campaign_id, code)
        )
        """,
        """
        CREATE TABLE assignments (
            juror_id INTEGER NOT NULL REFERENCES jurors(id),
            model_id INTEGER NOT NULL REFERENCES models(id),
            PRIMARY KEY (juror_id, model_id)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX assignments_model ON assignments(model_id)",
        """
        CREATE TRIGGER assignments_same_campaign BEFORE INSERT ON assignments
        WHEN (SELECT campaign_id FROM jurors WHERE id = NEW.juror_id)
            IS NOT (SELECT campaign_id FROM models WHERE id = NEW.model_id)
        BEGIN
            SELECT RAISE(ABORT, 'juror and model belong to different campaigns');
        END
        """,
        // The score log. Append-only: the latest row (by scored_at) per (juror, entry,
        // criterion) counts; a later row must carry a reason; nothing is updated or deleted.
        """
        CREATE TABLE scores (
            id INTEGER PRIMARY KEY,
            juror_id INTEGER NOT NULL,
            model_id INTEGER NOT NULL,
            -- The criterion id's spelling is the importer's to check: a GLOB here would cost 8 % of a score import.
            criterion TEXT NOT NULL CHECK (length(criterion) BETWEEN 1 AND 64),
            \(decimal("points", signed: false)),
            comment TEXT,
            scored_at TEXT NOT NULL CHECK (scored_at GLOB
                '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]'),
            correction_reason TEXT CHECK (correction_reason IS NULL OR length(trim(correction_reason)) > 0),
            FOREIGN KEY (juror_id, model_id) REFERENCES assignments(juror_id, model_id),
            UNIQUE (juror_id, model_id, criterion, scored_at)
        )
        """,
        // One trigger for every insert rule: each trigger that fires runs as its own sub-program,
        // so one instead of two saves a program frame per row. The WHEN clause keeps a fresh
        // import to one campaign lookup and one index seek per row.
        """
        CREATE TRIGGER scores_insert BEFORE INSERT ON scores
        WHEN (SELECT c.state FROM jurors j JOIN campaigns c ON c.id = j.campaign_id WHERE j.id = NEW.juror_id) = 'frozen'
            OR EXISTS (SELECT 1 FROM scores WHERE juror_id = NEW.juror_id AND model_id = NEW.model_id
                AND criterion = NEW.criterion)
        BEGIN
            SELECT RAISE(ABORT, 'campaign is frozen: it accepts no scores')
            WHERE (SELECT c.state FROM jurors j JOIN campaigns c ON c.id = j.campaign_id WHERE j.id = NEW.juror_id) = 'frozen';
            SELECT RAISE(ABORT, 'score is older than one already recorded')
            WHERE (SELECT max(scored_at) FROM scores WHERE juror_id = NEW.juror_id AND model_id = NEW.model_id
                    AND criterion = NEW.criterion) > NEW.scored_at
                AND NOT EXISTS (SELECT 1 FROM scores WHERE juror_id = NEW.juror_id AND model_id = NEW.model_id
                    AND criterion = NEW.criterion AND scored_at = NEW.scored_at);
            SELECT RAISE(ABORT, 'correction without a reason')
            WHERE NEW.correction_reason IS NULL
                AND EXISTS (SELECT 1 FROM scores WHERE juror_id = NEW.juror_id AND model_id = NEW.model_id
                    AND criterion = NEW.criterion AND scored_at < NEW.scored_at);
        END
        """,
        """
        CREATE TRIGGER scores_no_update BEFORE UPDATE ON scores
        BEGIN
            SELECT RAISE(ABORT, 'scores are append-only: a correction is a new row with a reason');
        END
        """,
        """
        CREATE TRIGGER scores_no_delete BEFORE DELETE ON scores
        BEGIN
            SELECT RAISE(ABORT, 'scores are append-only: a correction is a new row with a reason');
        END
        """,
        """
        CREATE VIEW current_scores AS
        SELECT s.* FROM scores s
        WHERE NOT EXISTS (SELECT 1 FROM scores t WHERE t.juror_id = s.juror_id AND t.model_id = s.model_id
            AND t.criterion = s.criterion AND t.scored_at > s.scored_at)
        """,
    ]
}

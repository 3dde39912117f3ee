/// v5: score times as instants, and model facts as written.
extension Schema {
    /// Score times as instants. Before, `scored_at` was a clock time without a zone: the web app
    /// wrote UTC, the imports the time as written (local), and "the latest row counts" compared
    /// them as text. Now `scored_at` is the instant, in seconds since 1970-01-01T00:00:00Z, and
    /// `scored_offset` the UTC offset (minutes east) it was written at, for showing it; every
    /// order is on the instant. Each campaign gets a time zone, `utc_offset` (default +07:00,
    /// Asia/Ho_Chi_Minh), at which times written without an offset are read. The times already
    /// stored had no zone: they are read at their campaign's offset.
    static let v5ScoreTimes: [String] = [
        """
        ALTER TABLE campaigns ADD COLUMN utc_offset INTEGER NOT NULL DEFAULT 420
            CHECK (typeof(utc_offset) = 'integer' AND utc_offset BETWEEN -720 AND 840)
        """,
        "DROP VIEW current_scores",
        "DROP TRIGGER scores_insert",
        "DROP TRIGGER scores_no_update",
        "DROP TRIGGER scores_no_delete",
        """
        CREATE TABLE scores_v5 (
            id INTEGER PRIMARY KEY,
            juror_id INTEGER NOT NULL,
            model_id INTEGER NOT NULL,
            -- The criterion id's spelling is the importer's to check: a GLOB here would cost 8 % of a score import.
            criterion TEXT NOT NULL CHECK (length(criterion) BETWEEN 1 AND 64),
            \(decimal("points", signed: false)),
            comment TEXT,
            scored_at INTEGER NOT NULL CHECK (typeof(scored_at) = 'integer'),
            scored_offset INTEGER NOT NULL CHECK (typeof(scored_offset) = 'integer' AND scored_offset BETWEEN -720 AND 840),
            correction_reason TEXT CHECK (correction_reason IS NULL OR length(trim(correction_reason)) > 0),
            FOREIGN KEY (juror_id, model_id) REFERENCES assignments(juror_id, model_id),
            UNIQUE (juror_id, model_id, criterion, scored_at)
        )
        """,
        """
        INSERT INTO scores_v5 (id, juror_id, model_id, criterion, points, comment, scored_at, scored_offset, correction_reason)
        SELECT s.id, s.juror_id, s.model_id, s.criterion, s.points, s.comment,
            CAST(strftime('%s', s.scored_at) AS INTEGER) - c.utc_offset * 60, c.utc_offset, s.correction_reason
        FROM scores s JOIN jurors j ON j.id = s.juror_id JOIN campaigns c ON c.id = j.campaign_id
        """,
        "DROP TABLE scores",
        "ALTER TABLE scores_v5 RENAME TO scores",
        // The rules of v1, now on instants.
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

    /// Model facts as written. Before, the import guessed: `x`, `yes`, `co`… became yes, anything
    /// else text, and a fact the criteria set declares `text` could then not be read. Now the
    /// store keeps the text of the cell, and the criteria set's `inputs.facts` decides how it is
    /// read when scoring. The facts stored as yes/no keep `true` or `false`, which read the same.
    static let v5Facts: [String] = [
        """
        CREATE TABLE model_facts_v5 (
            model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
            name TEXT NOT NULL CHECK (name <> '' AND name NOT GLOB '*[^A-Za-z0-9._-]*'),
            value TEXT NOT NULL CHECK (length(trim(value)) > 0),
            PRIMARY KEY (model_id, name)
        ) WITHOUT ROWID
        """,
        "INSERT INTO model_facts_v5 (model_id, name, value) SELECT model_id, name, value FROM model_facts",
        "DROP TABLE model_facts",
        "ALTER TABLE model_facts_v5 RENAME TO model_facts",
    ]
}

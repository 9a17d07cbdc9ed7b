-- Residents away (issue 23, decision 0041): while they are away their
-- packages are kept, the holding clock paused, and one summary notice goes
-- out the day they are back. Periods that ended stay: they paused the clock
-- of packages still waiting.
CREATE TABLE away_periods (
    id          INTEGER PRIMARY KEY,
    resident_id INTEGER NOT NULL REFERENCES residents (id),
    -- The start of the first day away and of the day they are back (ms).
    from_at     INTEGER NOT NULL,
    until_at    INTEGER NOT NULL CHECK (until_at > from_at),
    set_at      INTEGER NOT NULL
);
CREATE INDEX away_resident ON away_periods (resident_id, until_at);

-- The one rule for when a package's holding clock started: when it was
-- stored, later by the days staff extended its hold and by the time its
-- resident was away while it waited. Collect-by, reminders, expiry and the
-- QR token's expiry all count from here.
CREATE VIEW package_holds AS
SELECT p.id AS package_id,
       coalesce(p.stored_at, p.created_at) + p.hold_extra_days * 86400000
       + coalesce((SELECT sum(max(0, a.until_at - max(coalesce(p.stored_at, p.created_at), a.from_at)))
                   FROM away_periods a WHERE a.resident_id = p.resident_id), 0) AS hold_from
FROM packages p;

-- The summary notice the day a resident is back: about the resident, no package.
CREATE TABLE outbox_next (
    id              INTEGER PRIMARY KEY,
    created_at      INTEGER NOT NULL,
    kind            TEXT NOT NULL
                    CHECK (kind IN ('stored', 'reminder', 'final', 'picked_up', 'expired',
                                    'held', 'problem', 'delivered', 'return_receipt',
                                    'page_link', 'away_summary')),
    channel         TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
    package_id      INTEGER REFERENCES packages (id),
    problem_id      INTEGER REFERENCES problems (id),
    resident_id     INTEGER REFERENCES residents (id),
    recipient       TEXT NOT NULL,
    language        TEXT NOT NULL DEFAULT 'en',
    message_id      TEXT NOT NULL UNIQUE,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    sent_at         INTEGER,
    failed_at       INTEGER,
    last_error      TEXT,
    round           INTEGER NOT NULL DEFAULT 0,
    skipped_at      INTEGER,
    CHECK (CASE WHEN kind IN ('page_link', 'away_summary')
                THEN package_id IS NULL AND problem_id IS NULL AND resident_id IS NOT NULL
                ELSE (package_id IS NULL) <> (problem_id IS NULL) END)
);
INSERT INTO outbox_next SELECT id, created_at, kind, channel, package_id, problem_id, resident_id,
                               recipient, language, message_id, attempts, next_attempt_at,
                               sent_at, failed_at, last_error, round, skipped_at
    FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_next RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (next_attempt_at)
    WHERE sent_at IS NULL AND failed_at IS NULL AND skipped_at IS NULL;
CREATE UNIQUE INDEX outbox_once ON outbox (package_id, kind, channel, recipient, round)
    WHERE package_id IS NOT NULL;
CREATE UNIQUE INDEX outbox_problem_once ON outbox (problem_id, channel, recipient)
    WHERE problem_id IS NOT NULL;
CREATE INDEX outbox_package ON outbox (package_id);
CREATE INDEX outbox_page_link ON outbox (resident_id, created_at) WHERE kind = 'page_link';
CREATE INDEX outbox_away ON outbox (resident_id) WHERE kind = 'away_summary';

-- Packages residents expect (issue 23): a tracking number a resident told
-- their page about, kept as its keyed tag (wire::tracking_tag) and its last
-- characters, never in clear. A carrier scanning it gets its resident chosen;
-- one that has not come some days after it was due is raised.
CREATE TABLE expected_packages (
    id          INTEGER PRIMARY KEY,
    resident_id INTEGER NOT NULL REFERENCES residents (id),
    tag         TEXT NOT NULL,
    -- The number's last characters, for the resident and staff to know it by.
    ending      TEXT NOT NULL,
    -- The carrier's expected day (ms), when the resident gave one.
    by_at       INTEGER,
    added_at    INTEGER NOT NULL,
    -- The package that came with that number, and when.
    package_id  INTEGER REFERENCES packages (id),
    arrived_at  INTEGER,
    -- When it was raised as late (the desk's ticket, the resident's message).
    late_at     INTEGER,
    UNIQUE (resident_id, tag)
);
CREATE INDEX expected_open ON expected_packages (tag) WHERE arrived_at IS NULL;

-- The tag an event is about, when it is about an expected package: the
-- server knows the number by it.
ALTER TABLE events ADD COLUMN tag TEXT;

-- The message to a resident whose expected package is late names it; a
-- text keeps the provider's id for it, which its delivery report names.
CREATE TABLE outbox_next (
    id              INTEGER PRIMARY KEY,
    created_at      INTEGER NOT NULL,
    kind            TEXT NOT NULL
                    CHECK (kind IN ('stored', 'reminder', 'final', 'picked_up', 'expired',
                                    'held', 'problem', 'delivered', 'return_receipt',
                                    'page_link', 'away_summary', 'expected_late')),
    channel         TEXT NOT NULL CHECK (channel IN ('email', 'webhook', 'text')),
    package_id      INTEGER REFERENCES packages (id),
    problem_id      INTEGER REFERENCES problems (id),
    resident_id     INTEGER REFERENCES residents (id),
    expected_id     INTEGER REFERENCES expected_packages (id),
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
    provider_id     TEXT,
    CHECK (CASE WHEN kind IN ('page_link', 'away_summary', 'expected_late')
                THEN package_id IS NULL AND problem_id IS NULL AND resident_id IS NOT NULL
                ELSE (package_id IS NULL) <> (problem_id IS NULL) END),
    CHECK ((kind = 'expected_late') = (expected_id IS NOT NULL))
);
INSERT INTO outbox_next (id, created_at, kind, channel, package_id, problem_id, resident_id,
                         recipient, language, message_id, attempts, next_attempt_at,
                         sent_at, failed_at, last_error, round, skipped_at)
    SELECT id, created_at, kind, channel, package_id, problem_id, resident_id,
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
CREATE INDEX outbox_provider ON outbox (provider_id) WHERE provider_id IS NOT NULL;

-- Residents' own pages (issue 23): an event about a resident and no package
-- (their page links revoked, when staff say so or they move out) names the
-- resident, so the server learns which links stop opening a page.
ALTER TABLE events ADD COLUMN resident_id INTEGER REFERENCES residents (id);

-- A resident who lost every notice asks at the screen for a fresh link to
-- their page: a notice about no package, to the resident.
CREATE TABLE outbox_next (
    id              INTEGER PRIMARY KEY,
    created_at      INTEGER NOT NULL,
    kind            TEXT NOT NULL
                    CHECK (kind IN ('stored', 'reminder', 'final', 'picked_up', 'expired',
                                    'held', 'problem', 'delivered', 'return_receipt',
                                    'page_link')),
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
    CHECK (CASE WHEN kind = 'page_link'
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

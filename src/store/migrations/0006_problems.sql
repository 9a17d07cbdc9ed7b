-- Problems reported at the screen are kept, and mailed to the package help
-- address through the outbox. An outbox row now names a package or a
-- problem, so the table is rebuilt (SQLite cannot relax NOT NULL in place);
-- the kinds the package room, staff-held overflow, door delivery and returns
-- need are allowed at the same time, so the table is rebuilt once.

CREATE TABLE problems (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    locker_id  INTEGER REFERENCES lockers (id),
    package_id INTEGER REFERENCES packages (id),
    -- "kiosk" or "carrier:<name>".
    reporter   TEXT NOT NULL,
    -- In staff's words, with the context (locker, package, screen).
    message    TEXT NOT NULL
);

CREATE TABLE outbox_next (
    id              INTEGER PRIMARY KEY,
    created_at      INTEGER NOT NULL,
    kind            TEXT NOT NULL
                    CHECK (kind IN ('stored', 'reminder', 'final', 'picked_up', 'expired',
                                    'held', 'problem', 'delivered', 'return_receipt')),
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
    CHECK ((package_id IS NULL) <> (problem_id IS NULL))
);
INSERT INTO outbox_next (id, created_at, kind, channel, package_id, resident_id, recipient,
                         language, message_id, attempts, next_attempt_at, sent_at, failed_at,
                         last_error, round, skipped_at)
    SELECT id, created_at, kind, channel, package_id, resident_id, recipient, language,
           message_id, attempts, next_attempt_at, sent_at, failed_at, last_error, round,
           skipped_at
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

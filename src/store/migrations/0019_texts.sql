-- Text messages (issue 23): how each resident chooses to be told, and
-- whether their number stopped texts (a STOP reply, or the provider saying
-- the number unsubscribed). A resident who chose texts with no number, or
-- whose texts are stopped, is told by email.
ALTER TABLE residents ADD COLUMN notify_by TEXT NOT NULL DEFAULT 'email'
    CHECK (notify_by IN ('email', 'text', 'both'));
ALTER TABLE residents ADD COLUMN texts_stopped_at INTEGER;

-- Texts go through the outbox like emails: the recipient is the number in E.164.
CREATE TABLE outbox_next (
    id              INTEGER PRIMARY KEY,
    created_at      INTEGER NOT NULL,
    kind            TEXT NOT NULL
                    CHECK (kind IN ('stored', 'reminder', 'final', 'picked_up', 'expired',
                                    'held', 'problem', 'delivered', 'return_receipt',
                                    'page_link', 'away_summary')),
    channel         TEXT NOT NULL CHECK (channel IN ('email', 'webhook', 'text')),
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

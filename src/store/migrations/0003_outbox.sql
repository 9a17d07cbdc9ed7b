-- Notices through a durable outbox. The code a notice carries is kept sealed
-- (encrypted with a key derived from the site secret), never in clear.

ALTER TABLE packages ADD COLUMN code_sealed TEXT;
-- When the holding period ran out (staff were told).
ALTER TABLE packages ADD COLUMN expired_at INTEGER;

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    created_at      INTEGER NOT NULL,
    kind            TEXT NOT NULL
                    CHECK (kind IN ('stored', 'reminder', 'final', 'picked_up', 'expired')),
    channel         TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
    package_id      INTEGER NOT NULL REFERENCES packages (id),
    -- NULL for notices to staff.
    resident_id     INTEGER REFERENCES residents (id),
    -- An email address, or the webhook's URL.
    recipient       TEXT NOT NULL,
    language        TEXT NOT NULL DEFAULT 'en',
    -- Stable across retries and restarts, so mail clients can drop a duplicate.
    message_id      TEXT NOT NULL UNIQUE,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    sent_at         INTEGER,
    failed_at       INTEGER,
    last_error      TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
-- Each notice once per package, kind and address.
CREATE UNIQUE INDEX outbox_once ON outbox (package_id, kind, channel, recipient);

-- The notices table held codes in clear for the demo's phone; the phone now
-- shows what the outbox sent.
DROP TABLE notices;

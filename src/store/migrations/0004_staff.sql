-- Staff mode: the directory's door-delivery preference, resent notices,
-- guided audits, and indexes for the audit trail and reports.

ALTER TABLE residents ADD COLUMN door_delivery INTEGER NOT NULL DEFAULT 0;

-- A notice can be sent again (staff "resend", a changed recipient): each
-- round is its own row with its own message id.
ALTER TABLE outbox ADD COLUMN round INTEGER NOT NULL DEFAULT 0;
DROP INDEX outbox_once;
CREATE UNIQUE INDEX outbox_once ON outbox (package_id, kind, channel, recipient, round);

-- The weekly check that lockers hold what the database says.
CREATE TABLE audits (
    id          INTEGER PRIMARY KEY,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER,
    staff       TEXT NOT NULL
);
CREATE TABLE audit_findings (
    id         INTEGER PRIMARY KEY,
    audit_id   INTEGER NOT NULL REFERENCES audits (id),
    at         INTEGER NOT NULL,
    locker_id  INTEGER NOT NULL REFERENCES lockers (id),
    package_id INTEGER REFERENCES packages (id),
    finding    TEXT NOT NULL CHECK (finding IN ('present', 'missing', 'other', 'empty', 'found_item',
                                                'not_opened')),
    UNIQUE (audit_id, locker_id)
);

CREATE INDEX events_at ON events (at);
CREATE INDEX events_actor ON events (actor);
CREATE INDEX packages_stored_at ON packages (stored_at);

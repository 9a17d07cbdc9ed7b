-- The wall, the people, the packages, and the append-only audit.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE lockers (
    id             INTEGER PRIMARY KEY,
    label          TEXT NOT NULL UNIQUE,
    size           TEXT NOT NULL CHECK (size IN ('S', 'M', 'L', 'XL')),
    col            INTEGER NOT NULL,
    row            INTEGER NOT NULL,
    height         INTEGER NOT NULL DEFAULT 1,
    accessible     INTEGER NOT NULL DEFAULT 0,
    board          INTEGER NOT NULL,
    lock           INTEGER NOT NULL,
    service        TEXT NOT NULL DEFAULT 'in_service'
                   CHECK (service IN ('in_service', 'out_of_service', 'faulty')),
    service_reason TEXT,
    UNIQUE (board, lock)
);

CREATE TABLE residents (
    id               INTEGER PRIMARY KEY,
    external_id      TEXT UNIQUE,
    name             TEXT NOT NULL,
    unit             TEXT NOT NULL,
    building         TEXT NOT NULL,
    email            TEXT,
    phone            TEXT,
    language         TEXT NOT NULL DEFAULT 'en',
    needs_accessible INTEGER NOT NULL DEFAULT 0,
    active           INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX residents_unit ON residents (unit);

CREATE TABLE carriers (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    pin_hash TEXT NOT NULL,
    active   INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE staff (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    role     TEXT NOT NULL CHECK (role IN ('staff', 'maintenance')),
    pin_hash TEXT NOT NULL,
    active   INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE packages (
    id             INTEGER PRIMARY KEY,
    tracking       TEXT NOT NULL,
    carrier_id     INTEGER REFERENCES carriers (id),
    resident_id    INTEGER NOT NULL REFERENCES residents (id),
    size           TEXT NOT NULL CHECK (size IN ('S', 'M', 'L', 'XL')),
    locker_id      INTEGER REFERENCES lockers (id),
    state          TEXT NOT NULL CHECK (state IN ('expected', 'depositing', 'stored', 'releasing',
                   'picked_up', 'cancelled', 'overflow', 'returned_to_sender', 'removed_by_staff',
                   'delivered_to_door')),
    code_hash      TEXT,
    door_seen_open INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    stored_at      INTEGER,
    closed_at      INTEGER
);
-- The database itself refuses to put two live packages in one locker.
CREATE UNIQUE INDEX packages_live_locker ON packages (locker_id)
    WHERE state IN ('depositing', 'stored', 'releasing');
-- A code opens exactly one waiting package.
CREATE UNIQUE INDEX packages_waiting_code ON packages (code_hash)
    WHERE state IN ('stored', 'releasing');
CREATE INDEX packages_tracking ON packages (tracking);
CREATE INDEX packages_resident ON packages (resident_id, state);
CREATE INDEX packages_state ON packages (state);

-- Who did what, when, to which door: appended, never changed.
CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    actor      TEXT NOT NULL,
    locker_id  INTEGER REFERENCES lockers (id),
    package_id INTEGER REFERENCES packages (id),
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX events_package ON events (package_id);
CREATE INDEX events_locker ON events (locker_id);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

-- Notices to residents. Until the email issue lands they are shown in the
-- simulator's "resident's phone" panel.
CREATE TABLE notices (
    id          INTEGER PRIMARY KEY,
    package_id  INTEGER NOT NULL REFERENCES packages (id),
    resident_id INTEGER NOT NULL REFERENCES residents (id),
    created_at  INTEGER NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    sent_at     INTEGER
);

-- What needs a person.
CREATE TABLE attention (
    id          INTEGER PRIMARY KEY,
    created_at  INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    locker_id   INTEGER REFERENCES lockers (id),
    package_id  INTEGER REFERENCES packages (id),
    message     TEXT NOT NULL,
    resolved_at INTEGER,
    resolved_by TEXT
);
CREATE INDEX attention_open ON attention (resolved_at);

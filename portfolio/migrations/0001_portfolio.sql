-- The portfolio: properties and their keys, managers and what they may see,
-- every wall's events, and the rollups the dashboard reads.

CREATE TABLE properties (
    id                 TEXT PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name               TEXT NOT NULL,
    region             TEXT NOT NULL DEFAULT '',
    -- The shared HMAC key: the server must know it to check signatures.
    sync_key           TEXT NOT NULL,
    utc_offset_minutes INTEGER NOT NULL DEFAULT 0,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE managers (
    id            BIGSERIAL PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE manager_properties (
    manager_id  BIGINT NOT NULL REFERENCES managers (id) ON DELETE CASCADE,
    property_id TEXT NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    PRIMARY KEY (manager_id, property_id)
);
CREATE INDEX manager_properties_property ON manager_properties (property_id);

-- Sessions: only the token's SHA-256 is kept, so a copy of the database
-- logs nobody in.
CREATE TABLE sessions (
    token_sha256 BYTEA PRIMARY KEY,
    manager_id   BIGINT NOT NULL REFERENCES managers (id) ON DELETE CASCADE,
    expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Where each wall's sync stands, and the wall as it last said it was.
CREATE TABLE sync_state (
    property_id   TEXT PRIMARY KEY REFERENCES properties (id) ON DELETE CASCADE,
    last_seq      BIGINT NOT NULL DEFAULT 0,
    last_contact  TIMESTAMPTZ,
    snapshot      JSONB,
    -- Packages the events say are waiting (delivered, not yet collected).
    waiting       INTEGER NOT NULL DEFAULT 0
);

-- Every event exactly once: (property, seq) is the wall's own numbering.
-- Reads go by property and seq (the sync) or through the rollups below, so
-- one index serves; see docs/decisions/0020.
CREATE TABLE events (
    property_id TEXT NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    seq         BIGINT NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
    kind        TEXT NOT NULL,
    actor       TEXT NOT NULL,
    locker      TEXT,
    size        TEXT,
    package     BIGINT,
    resident    BIGINT,
    unit        TEXT,
    carrier     BIGINT,
    detail      TEXT,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (property_id, seq)
);
-- Time-ordered appends make a BRIN index tiny and enough for ad-hoc scans by date.
CREATE INDEX events_at ON events USING brin (at);

-- Each package's life as the events tell it (for dwell times and for
-- counting a delivery once, whichever way it arrived).
CREATE TABLE packages (
    property_id TEXT NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    package     BIGINT NOT NULL,
    arrived_at  TIMESTAMPTZ NOT NULL,
    place       TEXT NOT NULL,
    closed_at   TIMESTAMPTZ,
    PRIMARY KEY (property_id, package)
);

-- One row per property and local day, kept up to date as events arrive.
CREATE TABLE daily (
    property_id    TEXT NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    day            DATE NOT NULL,
    deliveries     INTEGER NOT NULL DEFAULT 0,
    collected      INTEGER NOT NULL DEFAULT 0,
    to_overflow    INTEGER NOT NULL DEFAULT 0,
    to_room        INTEGER NOT NULL DEFAULT 0,
    expired        INTEGER NOT NULL DEFAULT 0,
    notices_failed INTEGER NOT NULL DEFAULT 0,
    door_faults    INTEGER NOT NULL DEFAULT 0,
    peak_waiting   INTEGER NOT NULL DEFAULT 0,
    -- Deliveries by local hour, 24 entries.
    by_hour        INTEGER[] NOT NULL DEFAULT array_fill(0, ARRAY[24]),
    PRIMARY KEY (property_id, day)
);

-- How long collected packages waited, by the day they were collected, in
-- logarithmic buckets (see stats.rs): percentiles without raw events.
CREATE TABLE dwell (
    property_id TEXT NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    day         DATE NOT NULL,
    bucket      SMALLINT NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (property_id, day, bucket)
);

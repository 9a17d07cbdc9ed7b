-- The package desk at the wall: its open tickets on the staff's attention
-- list, and the requests it sent (each carried out at most once).

CREATE TABLE desk_tickets (
    -- The portfolio server's ticket id.
    ticket_id       INTEGER PRIMARY KEY,
    attention_id    INTEGER NOT NULL REFERENCES attention (id),
    -- Solved at the kiosk and the server told.
    reported_solved INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE desk_actions (
    -- The portfolio server's request id.
    action_id   INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    package_id  INTEGER,
    received_at INTEGER NOT NULL,
    -- NULL while being carried out: a request found so after a restart was
    -- interrupted and is reported as not done rather than done twice.
    done_at     INTEGER,
    ok          INTEGER NOT NULL DEFAULT 0,
    message     TEXT NOT NULL DEFAULT '',
    reported    INTEGER NOT NULL DEFAULT 0
);

-- Days a package may wait beyond the holding policy (the desk extended it).
ALTER TABLE packages ADD COLUMN hold_extra_days INTEGER NOT NULL DEFAULT 0;

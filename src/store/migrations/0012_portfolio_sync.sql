-- How far the portfolio server has stored this wall's events. The events
-- table is the outbox: each event is written in the transaction that makes
-- the change, with an id SQLite hands out without gaps (rows are never
-- deleted), so "send every event after `acked`" loses nothing and sends
-- nothing twice that the server has confirmed.
CREATE TABLE portfolio_sync (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    acked      INTEGER NOT NULL DEFAULT 0,
    -- The last round: when it reached the server, and what went wrong if it did not.
    last_ok_at INTEGER,
    last_error TEXT
);
INSERT INTO portfolio_sync (id, acked) VALUES (1, 0);

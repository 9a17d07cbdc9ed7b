-- The desk and the wall: requests the desk sends with the sync's answer,
-- and a package's events found without scanning the property's log.

CREATE TABLE wall_actions (
    id           BIGSERIAL PRIMARY KEY,
    property_id  TEXT NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    ticket_id    BIGINT REFERENCES tickets (id) ON DELETE SET NULL,
    package      BIGINT NOT NULL,
    -- wire::ActionKind as JSON.
    what         JSONB NOT NULL,
    requested_by BIGINT REFERENCES managers (id) ON DELETE SET NULL,
    requested_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Set when the wall reports it carried the request out (or could not).
    done_at      TIMESTAMPTZ,
    ok           BOOLEAN,
    message      TEXT
);
CREATE INDEX wall_actions_pending ON wall_actions (property_id, id) WHERE done_at IS NULL;
CREATE INDEX wall_actions_ticket ON wall_actions (ticket_id);

-- Each ticket shows its packages' timelines: one index lookup per package.
-- It costs ingest one more index entry per package event (docs/decisions/0023).
CREATE INDEX events_package ON events (property_id, package, seq) WHERE package IS NOT NULL;

ALTER TABLE tickets ADD COLUMN solved_at_wall BOOLEAN NOT NULL DEFAULT false;

-- A question quoting a tracking number finds its package by the number's
-- keyed hash (wire::tracking_tag), sent by walls that match senders.
ALTER TABLE packages ADD COLUMN tracking_tag TEXT;
CREATE INDEX packages_tracking ON packages (property_id, tracking_tag) WHERE tracking_tag IS NOT NULL;

-- Packages residents expect (issue 23), as they told their page: the
-- number's keyed tag (wire::tracking_tag) and its last characters, never
-- the number. The wall's events say when one arrived or is late; a late
-- one becomes a desk ticket.
CREATE TABLE expected_packages (
    id           BIGSERIAL PRIMARY KEY,
    property_id  TEXT NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    resident     BIGINT NOT NULL,
    tracking_tag TEXT NOT NULL,
    ending       TEXT NOT NULL,
    -- The carrier's expected day (the start of it at the property), if told.
    due_at       TIMESTAMPTZ,
    asked_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    arrived_at   TIMESTAMPTZ,
    late_at      TIMESTAMPTZ,
    ticket_id    BIGINT REFERENCES tickets (id) ON DELETE SET NULL
);
CREATE INDEX expected_by_resident ON expected_packages (property_id, resident, asked_at DESC);
CREATE INDEX expected_by_tag ON expected_packages (property_id, tracking_tag);

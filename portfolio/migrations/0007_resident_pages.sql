-- Residents' own pages (issue 23, decision 0038). The wall signs each link;
-- the server keeps only when each resident's links were last revoked (by
-- staff, or the resident moving out): a link issued before opens nothing.
CREATE TABLE page_revocations (
    property_id TEXT NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    resident    BIGINT NOT NULL,
    revoked_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (property_id, resident)
);

-- A request a resident made on their own page (none: the desk's staff).
ALTER TABLE wall_actions ADD COLUMN requested_by_resident BIGINT;

-- A resident's page lists their packages: one index lookup.
CREATE INDEX packages_resident ON packages (property_id, resident, arrived_at DESC);

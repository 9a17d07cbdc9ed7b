-- Trust (issue 21). Messages the desk could not file are kept aside with
-- the reason (they stay in the mailbox) and named on the desk; every other
-- message is filed.
CREATE TABLE unfiled_mail (
    property_id TEXT NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    uidvalidity BIGINT NOT NULL,
    uid         BIGINT NOT NULL,
    size        BIGINT NOT NULL DEFAULT 0,
    reason      TEXT NOT NULL,
    seen_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (property_id, uidvalidity, uid)
);

-- A manager who leaves is disabled (their sign-ins and sessions end; their
-- answers keep their name in the service figures) or removed.
ALTER TABLE managers ADD COLUMN disabled_at TIMESTAMPTZ;

-- A ticket's match is proven only by the sender's own address (its keyed
-- tag, for that resident's package) and a receiving server that did not
-- find the sender forged; anything else is shown as unverified.
ALTER TABLE tickets ADD COLUMN verified BOOLEAN NOT NULL DEFAULT false;

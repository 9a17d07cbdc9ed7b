-- The package desk: residents' questions as tickets, their messages (in and
-- out, threaded by the mail headers) and attachments.

CREATE TABLE tickets (
    id                BIGSERIAL PRIMARY KEY,
    property_id       TEXT NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    subject           TEXT NOT NULL,
    -- The address the question came from; replies go there.
    requester         TEXT NOT NULL,
    -- The resident (the wall's id) and package it was matched to, if any.
    resident          BIGINT,
    package           BIGINT,
    -- How it was matched ('notice reply', 'locker label', ...); NULL: matches nobody.
    matched_by        TEXT,
    status            TEXT NOT NULL DEFAULT 'new'
                      CHECK (status IN ('new', 'waiting_on_resident', 'waiting_on_staff', 'solved')),
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    first_response_at TIMESTAMPTZ,
    solved_at         TIMESTAMPTZ
);
CREATE INDEX tickets_inbox ON tickets (property_id, status, updated_at DESC);

CREATE TABLE ticket_messages (
    id          BIGSERIAL PRIMARY KEY,
    ticket_id   BIGINT NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    property_id TEXT NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    -- The Message-ID header, without angle brackets.
    message_id  TEXT NOT NULL,
    direction   TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    sender      TEXT NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    -- A message read twice from the mailbox is one message.
    UNIQUE (property_id, message_id)
);
CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id, at);

CREATE TABLE ticket_attachments (
    id           BIGSERIAL PRIMARY KEY,
    message      BIGINT NOT NULL REFERENCES ticket_messages (id) ON DELETE CASCADE,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    bytes        BYTEA NOT NULL
);
CREATE INDEX ticket_attachments_message ON ticket_attachments (message);

-- A question is matched to a package by what it quotes: the package's
-- resident and locker are kept with it as it arrives.
ALTER TABLE packages ADD COLUMN resident BIGINT, ADD COLUMN locker TEXT;
CREATE INDEX packages_locker ON packages (property_id, locker, arrived_at DESC);

-- Residents' addresses as keyed hashes (wire::address_tag), sent by walls
-- that match senders: the desk finds who wrote without holding addresses.
CREATE TABLE contacts (
    property_id TEXT NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    tag         TEXT NOT NULL,
    resident    BIGINT NOT NULL,
    unit        TEXT NOT NULL,
    PRIMARY KEY (property_id, tag)
);
ALTER TABLE sync_state ADD COLUMN contacts_version TEXT NOT NULL DEFAULT '';

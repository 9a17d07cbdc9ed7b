-- The package desk's mail: each property's help mailbox (read over IMAP,
-- answered over SMTP) and who on the staff wrote each answer.

CREATE TABLE mailboxes (
    property_id   TEXT PRIMARY KEY REFERENCES properties (id) ON DELETE CASCADE,
    -- The package help address: notices' Reply-To, and the From of answers.
    address       TEXT NOT NULL,
    imap_host     TEXT NOT NULL,
    imap_port     INTEGER NOT NULL DEFAULT 993,
    imap_user     TEXT NOT NULL,
    imap_password TEXT NOT NULL,
    imap_folder   TEXT NOT NULL DEFAULT 'INBOX',
    smtp_host     TEXT NOT NULL,
    smtp_port     INTEGER NOT NULL DEFAULT 587,
    -- 'starttls', 'tls', or 'none' (only for a relay on the same machine).
    smtp_tls      TEXT NOT NULL DEFAULT 'starttls' CHECK (smtp_tls IN ('starttls', 'tls', 'none')),
    smtp_user     TEXT NOT NULL DEFAULT '',
    smtp_password TEXT NOT NULL DEFAULT '',
    -- A PEM file of extra certificate authorities (a private mail server).
    ca_file       TEXT NOT NULL DEFAULT '',
    -- Where reading stands: messages with UIDs up to last_uid are filed
    -- (a new UIDVALIDITY means the folder was rebuilt: read it again).
    uidvalidity   BIGINT,
    last_uid      BIGINT NOT NULL DEFAULT 0,
    checked_at    TIMESTAMPTZ,
    last_error    TEXT
);

ALTER TABLE ticket_messages ADD COLUMN author BIGINT REFERENCES managers (id) ON DELETE SET NULL;
-- Who answered first (the per-person service figures).
ALTER TABLE tickets ADD COLUMN first_responder BIGINT REFERENCES managers (id) ON DELETE SET NULL;

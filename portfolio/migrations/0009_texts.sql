-- Text messages (issue 23): the property's provider account, so the server
-- can check that a resident's STOP or START reply really comes from it.
CREATE TABLE property_texts (
    property_id TEXT PRIMARY KEY REFERENCES properties (id) ON DELETE CASCADE,
    -- The provider's account (Twilio's AC...), as its requests name it.
    account_sid TEXT NOT NULL,
    -- What the provider signs its requests with.
    auth_token  TEXT NOT NULL,
    set_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

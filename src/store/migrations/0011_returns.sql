-- Returns: a resident drops a package into a locker for its carrier to
-- collect. It is a package row like any other (the door watching, recovery,
-- the one-package-per-locker index and the audit are a drop-off's), marked
-- so it never shows as waiting for its resident: it has no code, no
-- reminders, no expiry, and it leaves with its carrier (`returned_to_sender`).
ALTER TABLE packages ADD COLUMN is_return INTEGER NOT NULL DEFAULT 0;
CREATE INDEX packages_returns ON packages (carrier_id, state) WHERE is_return = 1;

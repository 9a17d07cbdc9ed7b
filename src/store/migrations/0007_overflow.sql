-- Overflow held by staff: a package recorded with its code but in no locker
-- until staff load it into one. `held_at` stays set after loading, so a
-- load that is cancelled (or cut by a restart) goes back to staff, not away.
ALTER TABLE packages ADD COLUMN held_at INTEGER;
-- A held package's code is live too: no waiting package may share it.
DROP INDEX packages_waiting_code;
CREATE UNIQUE INDEX packages_waiting_code ON packages (code_hash)
    WHERE state IN ('stored', 'releasing', 'overflow');

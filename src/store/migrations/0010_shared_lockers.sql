-- One locker for two packages of one resident: a package added to the
-- locker its resident's other package waits in shares that package's door
-- and code, so the one live package per locker and the one package per code
-- hold for every package that shares with none.
ALTER TABLE packages ADD COLUMN shares_with INTEGER REFERENCES packages (id);

DROP INDEX packages_live_locker;
CREATE UNIQUE INDEX packages_live_locker ON packages (locker_id)
    WHERE state IN ('depositing', 'stored', 'releasing') AND shelf_id IS NULL
      AND shares_with IS NULL;

DROP INDEX packages_waiting_code;
CREATE UNIQUE INDEX packages_waiting_code ON packages (code_hash)
    WHERE state IN ('stored', 'releasing', 'overflow') AND shares_with IS NULL;

-- The package room: its door is a row in `lockers` (a lock channel like any
-- locker's, so unlocks, door watching and the audit work unchanged) of kind
-- 'room', never offered as a locker; its shelves hold many packages each.
ALTER TABLE lockers ADD COLUMN kind TEXT NOT NULL DEFAULT 'locker'
    CHECK (kind IN ('locker', 'room'));

CREATE TABLE shelves (
    id       INTEGER PRIMARY KEY,
    label    TEXT NOT NULL UNIQUE,
    -- About how many packages it holds.
    capacity INTEGER NOT NULL CHECK (capacity > 0),
    active   INTEGER NOT NULL DEFAULT 1
);

-- A package in the room is `stored` behind the room's door, on a shelf.
ALTER TABLE packages ADD COLUMN shelf_id INTEGER REFERENCES shelves (id);
CREATE INDEX packages_shelf ON packages (shelf_id) WHERE shelf_id IS NOT NULL;

-- One live package per locker still holds; the room's door is shared.
DROP INDEX packages_live_locker;
CREATE UNIQUE INDEX packages_live_locker ON packages (locker_id)
    WHERE state IN ('depositing', 'stored', 'releasing') AND shelf_id IS NULL;

-- Door delivery on request (issue 23): the part of the day a resident
-- asked for one package, and a standing request (every package arriving
-- before `door_until` goes to their door, in `door_window`).
ALTER TABLE packages ADD COLUMN door_window TEXT
    CHECK (door_window IN ('morning', 'afternoon', 'evening'));
ALTER TABLE residents ADD COLUMN door_until INTEGER;
ALTER TABLE residents ADD COLUMN door_window TEXT
    CHECK (door_window IN ('morning', 'afternoon', 'evening'));

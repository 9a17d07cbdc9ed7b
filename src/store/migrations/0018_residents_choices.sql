-- Residents' choices from their page (issue 23). Door delivery on request:
-- the part of the day a resident asked for one package, and a standing request (every package arriving
-- before `door_until` goes to their door, in `door_window`).
ALTER TABLE packages ADD COLUMN door_window TEXT
    CHECK (door_window IN ('morning', 'afternoon', 'evening'));
ALTER TABLE residents ADD COLUMN door_until INTEGER;
ALTER TABLE residents ADD COLUMN door_window TEXT
    CHECK (door_window IN ('morning', 'afternoon', 'evening'));

-- How a resident is told (issue 23): reminders about packages still
-- waiting, which they may turn off (the final notice still comes).
ALTER TABLE residents ADD COLUMN reminders INTEGER NOT NULL DEFAULT 1;

-- Package-to-door delivery: a single package can be switched to door
-- delivery (residents already carry the preference), and a package taken out
-- for a run is held by staff (`overflow`) with the time it went out. One
-- not delivered stays with staff, visible, until loaded back or handed over.
ALTER TABLE packages ADD COLUMN door_delivery INTEGER NOT NULL DEFAULT 0;
ALTER TABLE packages ADD COLUMN out_for_delivery_at INTEGER;

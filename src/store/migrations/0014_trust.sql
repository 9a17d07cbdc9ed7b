-- Trust (issue 21): wrong pickup codes are events the throttle reads back,
-- and every code and QR token a package was given carries its version.

-- The code throttle counts a kind of event in a recent window.
CREATE INDEX events_kind_at ON events (kind, at);

-- Bumped whenever a package's code is replaced or withdrawn (a new
-- recipient, a removal): QR tokens signed for an older version are dead.
ALTER TABLE packages ADD COLUMN code_version INTEGER NOT NULL DEFAULT 0;

-- Staff taking a package out follow the safety rule: the package is released
-- (recorded before the door moves) with where it goes, and settled when its
-- door is seen open and then closed. NULL: a resident's pickup.
ALTER TABLE packages ADD COLUMN removal TEXT;

-- The guided audit looks on the package room's shelves and at what the staff
-- hold, not only behind lockers' doors (issue 21): a finding names its shelf
-- (behind the room's door, which is its locker) or no locker at all (held by
-- staff), and one locker may have several findings (a shared locker, a shelf
-- of packages), one per package.
CREATE TABLE audit_findings_new (
    id         INTEGER PRIMARY KEY,
    audit_id   INTEGER NOT NULL REFERENCES audits (id),
    at         INTEGER NOT NULL,
    locker_id  INTEGER REFERENCES lockers (id),
    shelf      TEXT,
    package_id INTEGER REFERENCES packages (id),
    finding    TEXT NOT NULL CHECK (finding IN ('present', 'missing', 'other', 'empty', 'found_item',
                                                'not_opened'))
);
INSERT INTO audit_findings_new (id, audit_id, at, locker_id, package_id, finding)
    SELECT id, audit_id, at, locker_id, package_id, finding FROM audit_findings;
DROP TABLE audit_findings;
ALTER TABLE audit_findings_new RENAME TO audit_findings;
-- One finding per place and package in an audit; answering again replaces it.
CREATE UNIQUE INDEX audit_findings_once
    ON audit_findings (audit_id, coalesce(locker_id, 0), coalesce(package_id, 0));

-- A notice no longer needed (its package was collected or removed before it
-- went out) is closed as skipped: not sent, not a failure staff must chase.
ALTER TABLE outbox ADD COLUMN skipped_at INTEGER;
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (next_attempt_at)
    WHERE sent_at IS NULL AND failed_at IS NULL AND skipped_at IS NULL;

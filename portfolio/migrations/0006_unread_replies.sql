-- A wall whose batches keep starting with events already stored is not
-- reading the server's replies (too long for it, altered on the way): how
-- many batches in a row did so, for the dashboard to say.
ALTER TABLE sync_state ADD COLUMN repeats INTEGER NOT NULL DEFAULT 0;

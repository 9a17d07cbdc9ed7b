-- Door supervision: boards that stopped answering, and attention items about a board.

-- Lock boards not answering now. Their lockers are not offered to carriers.
CREATE TABLE boards_offline (
    board INTEGER PRIMARY KEY,
    since INTEGER NOT NULL
);

ALTER TABLE attention ADD COLUMN board INTEGER;

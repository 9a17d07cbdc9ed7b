-- A resident's request about themselves (an away period, issue 23) names
-- no package.
ALTER TABLE wall_actions ALTER COLUMN package DROP NOT NULL;

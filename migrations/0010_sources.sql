-- Where each message came from, stored once per source instead of once per message:
-- the mbox path repeated in every row was ~3 MB of the 50k bench database (1% of it,
-- and what kept it just above 1.5x the mbox). messages.source stays for rows written
-- before this migration; new rows leave it NULL and point here.
CREATE TABLE sources (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE     -- file path, "stdin", or git:<epoch>:<commit>
);
ALTER TABLE messages ADD COLUMN source_id INTEGER REFERENCES sources(id);
INSERT OR IGNORE INTO sources (name) SELECT DISTINCT source FROM messages WHERE source IS NOT NULL;
UPDATE messages SET source_id = (SELECT id FROM sources WHERE name = messages.source), source = NULL
  WHERE source IS NOT NULL;

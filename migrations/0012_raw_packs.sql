-- Raw mail written by an import is compressed in packs of consecutive messages (about
-- 8 KB of mail each) instead of one deflate stream per message. Per message, most of
-- the deflate time went to loading the preset dictionary again (measured on the 50k
-- bench archive, per message: 110 us at level 6, 43% of the raw bytes; packed at level
-- 2: ~48 us, 40%). Reading one message inflates its pack, ~35 us (core/compress.ts).
-- A packed message has raw = x'' and its bytes at raw_offset (raw_size long) in the
-- inflated pack. Rows written before this keep their own stream in raw.
CREATE TABLE raw_packs (
  id   INTEGER PRIMARY KEY,
  data BLOB NOT NULL              -- raw-deflate, same preset dictionary as messages.raw
);
ALTER TABLE messages ADD COLUMN raw_pack INTEGER REFERENCES raw_packs(id);
ALTER TABLE messages ADD COLUMN raw_offset INTEGER;

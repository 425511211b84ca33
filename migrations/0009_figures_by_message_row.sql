-- Figures point at their message by row id, not by Message-ID text. The text (~40
-- bytes) was stored in every figure row and again in each of its three indexes:
-- on the 50k bench archive that was ~50 MB of a 377 MB database, and every insert
-- paid a text-keyed foreign-key lookup and a random insert into (message_id, seq).
-- Row ids arrive in import order, so (msg, seq) now grows at its end.
CREATE TABLE figures_by_row (
  id                 INTEGER PRIMARY KEY,
  msg                INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  seq                INTEGER NOT NULL,     -- order within the message
  value              REAL NOT NULL,
  unit               TEXT NOT NULL,        -- as written
  canonical_value    REAL NOT NULL,
  canonical_unit     TEXT NOT NULL,        -- B, B/s, bit/s, s, Hz, %, x, 1
  kind               TEXT NOT NULL,
  metric             TEXT,
  condition          TEXT,
  tool               TEXT,
  approx             INTEGER NOT NULL DEFAULT 0,
  quoted             INTEGER NOT NULL DEFAULT 0,
  quoted_from        TEXT,
  origin_message_id  TEXT,                 -- message that first said a quoted figure
  origin_figure_id   INTEGER,
  text               TEXT NOT NULL,
  start              INTEGER NOT NULL,     -- offsets into the decoded body
  "end"              INTEGER NOT NULL,
  UNIQUE (msg, seq)
);
INSERT INTO figures_by_row (id, msg, seq, value, unit, canonical_value, canonical_unit, kind, metric, condition, tool,
    approx, quoted, quoted_from, origin_message_id, origin_figure_id, text, start, "end")
  SELECT f.id, m.id, f.seq, f.value, f.unit, f.canonical_value, f.canonical_unit, f.kind, f.metric, f.condition, f.tool,
    f.approx, f.quoted, f.quoted_from, f.origin_message_id, f.origin_figure_id, f.text, f.start, f."end"
  FROM figures f JOIN messages m ON m.message_id = f.message_id;
DROP TABLE figures;
ALTER TABLE figures_by_row RENAME TO figures;
CREATE INDEX figures_unit_value ON figures(canonical_unit, canonical_value, tool, kind, msg);
CREATE INDEX figures_tool ON figures(tool, canonical_unit, canonical_value, msg);
CREATE INDEX figures_origin ON figures(origin_message_id) WHERE origin_message_id IS NOT NULL;
-- definitions a killed bulk import kept name the old column; the indexes exist again above
DELETE FROM deferred_indexes;

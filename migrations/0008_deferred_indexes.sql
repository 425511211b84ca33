-- A large import into a small database drops the figure search indexes and builds
-- them once at the end: one sorted pass instead of ~6 random B-tree inserts per
-- message (50k messages: 8 s of updates against 1.4 s to build). The definitions
-- wait here until then, so an import killed half-way leaves a record of what to
-- rebuild, and the next import, sync or reextract rebuilds it.
CREATE TABLE IF NOT EXISTS deferred_indexes (
  name TEXT PRIMARY KEY,
  sql  TEXT NOT NULL
);

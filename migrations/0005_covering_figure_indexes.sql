-- Figure search (v:>100MB/s, tool:lmbench) selects message ids by unit, value and
-- tool. With these columns in the index, SQLite answers from the index alone
-- instead of reading every matching figure row (thousands per query).
DROP INDEX IF EXISTS figures_unit_value;
DROP INDEX IF EXISTS figures_tool;
CREATE INDEX figures_unit_value ON figures(canonical_unit, canonical_value, tool, kind, message_id);
CREATE INDEX figures_tool ON figures(tool, canonical_unit, canonical_value, message_id);

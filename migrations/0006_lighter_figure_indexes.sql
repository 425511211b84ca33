-- Size and import speed: figures_kind is a low-cardinality index that kind:
-- queries do not need (figures_unit_value carries kind), and only quoted figures
-- have an origin, so that index needs only those rows.
DROP INDEX IF EXISTS figures_kind;
DROP INDEX IF EXISTS figures_origin;
CREATE INDEX figures_origin ON figures(origin_message_id) WHERE origin_message_id IS NOT NULL;

-- Quoted figures point at the figure they quote (origin_message_id). Re-extracting a
-- message must find and unlink the figures that point into it: without this index
-- that is a full scan per message.
CREATE INDEX IF NOT EXISTS figures_origin ON figures(origin_message_id);

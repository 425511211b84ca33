-- Full-text search sorts its matches by date. Looking the date up in the messages
-- table touches one wide row (compressed mail inside) per match; this narrow index
-- answers (id -> date, list) alone: 7 ms -> 1 ms for 1,757 matches in 50,000 messages.
CREATE INDEX IF NOT EXISTS messages_id_date ON messages(id, date, list_id);

-- Every figure and claim insert updates each index of its table, and import writes
-- several figures per message. figures_message and claims_message repeat the
-- leading column of the UNIQUE (message_id, seq) indexes, so they only cost.
DROP INDEX IF EXISTS figures_message;
DROP INDEX IF EXISTS claims_message;

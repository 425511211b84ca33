-- Subject grouping without scanning a subject's every reply. A new original used to
-- regroup every reference tree holding a reply with its subject: on the bench archive
-- some subjects ("[git pull] x86/mm fixes") recur in hundreds of threads, so each new
-- original re-examined hundreds of trees, and the work grew with the archive (500k
-- messages imported at 40% of the 5k speed). Only trees whose root is not a stored
-- original can change thread by subject; they are listed here by the subject and list
-- of their earliest message, and kept up to date by the threader.
CREATE TABLE floating_trees (
  root          TEXT PRIMARY KEY,     -- containers.thread_id of the reference tree
  norm_subject  TEXT NOT NULL,
  list_id       INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX floating_trees_subject ON floating_trees(norm_subject, list_id);

WITH members AS (
  SELECT c.thread_id AS root, m.norm_subject, m.list_id,
         ROW_NUMBER() OVER (PARTITION BY c.thread_id ORDER BY m.date, m.message_id) AS rn
  FROM containers c JOIN messages m ON m.message_id = c.message_id
)
INSERT INTO floating_trees (root, norm_subject, list_id)
  SELECT root, norm_subject, list_id FROM members
  WHERE rn = 1 AND norm_subject != '' AND NOT EXISTS (SELECT 1 FROM messages r WHERE r.message_id = members.root AND r.is_reply = 0);

-- "the latest original with this subject before the replies": a seek, not a scan of
-- every message with the subject. It also serves the plain subject lookups.
CREATE INDEX messages_subject_original ON messages(norm_subject, list_id, is_reply, date);
DROP INDEX IF EXISTS messages_norm_subject;

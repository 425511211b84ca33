import type { DB } from './db';

// Prepared statements over the JWZ containers table (reference tree) and the
// thread_id of messages (after subject grouping). Made once per database handle.

export interface Container {
  message_id: string; parent_id: string | null; parent_how: string | null; thread_id: string; real: number;
}

export function containerStatements(db: DB) {
  return {
    get: db.prepare<[string], Container>('SELECT * FROM containers WHERE message_id = ?'),
    insert: db.prepare('INSERT INTO containers (message_id, parent_id, parent_how, thread_id, real) VALUES (?, ?, ?, ?, ?)'),
    setParent: db.prepare('UPDATE containers SET parent_id = ?, parent_how = ? WHERE message_id = ?'),
    setReal: db.prepare('UPDATE containers SET real = 1 WHERE message_id = ?'),
    parentOf: db.prepare<[string], { parent_id: string | null }>('SELECT parent_id FROM containers WHERE message_id = ?'),
    retagThread: db.prepare('UPDATE containers SET thread_id = ? WHERE thread_id = ?'),
    retagOne: db.prepare('UPDATE containers SET thread_id = ? WHERE message_id = ?'),
    subtree: db.prepare<[string], { message_id: string }>(`
      WITH RECURSIVE sub(id, n) AS (
        SELECT ?, 0
        UNION SELECT c.message_id, sub.n + 1 FROM containers c JOIN sub ON c.parent_id = sub.id WHERE sub.n < 100000
      ) SELECT id AS message_id FROM sub`),
    messageThread: db.prepare<[string], { thread_id: string }>('SELECT thread_id FROM messages WHERE message_id = ?'),
    messageInfo: db.prepare<[string], { is_reply: number }>('SELECT is_reply FROM messages WHERE message_id = ?'),
    earliestInTree: db.prepare<[string], { norm_subject: string; list_id: number; date: number | null; is_reply: number; message_id: string }>(`
      SELECT m.norm_subject, m.list_id, m.date, m.is_reply, m.message_id FROM containers c JOIN messages m ON m.message_id = c.message_id
      WHERE c.thread_id = ? ORDER BY m.date, m.message_id LIMIT 1`),
    // The latest original with this subject sent before the replies: a repost of a
    // patch gathers the replies that came after it, not the first version's.
    subjectOriginal: db.prepare<[string, number, number], { message_id: string; date: number | null }>(`
      SELECT message_id, date FROM messages
      WHERE norm_subject = ? AND list_id = ? AND is_reply = 0 AND coalesce(date, 0) <= ?
      ORDER BY date DESC, message_id DESC LIMIT 1`),
    // Reference trees not rooted in a stored original, by their earliest message's subject:
    // the only trees a new original with that subject can take in (migrations/0011).
    replyGroupsBySubject: db.prepare<[string, number], { thread_id: string }>(
      'SELECT root AS thread_id FROM floating_trees WHERE norm_subject = ? AND list_id = ?'),
    floatSet: db.prepare(`INSERT INTO floating_trees (root, norm_subject, list_id) VALUES (?, ?, ?)
      ON CONFLICT (root) DO UPDATE SET norm_subject = excluded.norm_subject, list_id = excluded.list_id`),
    floatDel: db.prepare('DELETE FROM floating_trees WHERE root = ?'),
    // Members of a reference tree whose thread differs: usually none, so select first.
    treeMembersToMove: db.prepare<[string, string], { message_id: string }>(`
      SELECT m.message_id FROM containers c JOIN messages m ON m.message_id = c.message_id
      WHERE c.thread_id = ? AND m.thread_id != ?`),
    setMessageThread: db.prepare('UPDATE messages SET thread_id = ? WHERE message_id = ?'),
    // Reference trees whose messages carry a thread name (trees joined to it by subject).
    treesInThread: db.prepare<[string], { thread_id: string }>(`
      SELECT DISTINCT c.thread_id FROM messages m JOIN containers c ON c.message_id = m.message_id WHERE m.thread_id = ?`),
  };
}
export type ContainerStatements = ReturnType<typeof containerStatements>;

import type { DB } from './db';

// Prepared statements over the JWZ containers table and the thread_id copy in
// messages. Made once per database handle.

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
    retagThreadMessages: db.prepare('UPDATE messages SET thread_id = ? WHERE thread_id = ?'),
    subtree: db.prepare<[string], { message_id: string }>(`
      WITH RECURSIVE sub(id, n) AS (
        SELECT ?, 0
        UNION SELECT c.message_id, sub.n + 1 FROM containers c JOIN sub ON c.parent_id = sub.id WHERE sub.n < 100000
      ) SELECT id AS message_id FROM sub`),
    retagOne: db.prepare('UPDATE containers SET thread_id = ? WHERE message_id = ?'),
    retagOneMessage: db.prepare('UPDATE messages SET thread_id = ? WHERE message_id = ?'),
    isReplyMessage: db.prepare<[string], { is_reply: number }>('SELECT is_reply FROM messages WHERE message_id = ?'),
    subjectRoot: db.prepare<[string, number, number], { message_id: string }>(`
      SELECT message_id FROM messages
      WHERE norm_subject = ? AND list_id = ? AND is_reply = 0 AND coalesce(date, 0) <= ?
      ORDER BY date, message_id LIMIT 1`),
    // Thread roots an original with this subject should adopt: unlinked roots of reply
    // threads (placeholder or "Re:" root), and roots linked by subject to a later original.
    adoptable: db.prepare<[string, number, number, string, string, number, number, number, string], { message_id: string }>(`
      SELECT DISTINCT c.message_id FROM messages m
      JOIN containers c ON c.message_id = m.thread_id
      LEFT JOIN messages rm ON rm.message_id = c.message_id
      WHERE m.norm_subject = ? AND m.list_id = ? AND m.is_reply = 1 AND c.parent_id IS NULL
        AND (c.real = 0 OR rm.is_reply = 1) AND coalesce(m.date, 0) >= ? AND c.message_id != ?
      UNION
      SELECT c.message_id FROM messages p JOIN containers c ON c.parent_id = p.message_id
      WHERE p.norm_subject = ? AND p.list_id = ? AND c.parent_how = 'subject'
        AND (coalesce(p.date, 0) > ? OR (coalesce(p.date, 0) = ? AND p.message_id > ?))`),
  };
}
export type ContainerStatements = ReturnType<typeof containerStatements>;

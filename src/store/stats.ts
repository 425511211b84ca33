import type { DB } from './db';

export interface Stats {
  lists: number; threads: number; messages: number; quarantined: number;
  figures: number; claims: number; runs: number;
}

export function readStats(db: DB): Stats {
  const one = (sql: string) => (db.prepare(sql).pluck().get() as number) ?? 0;
  return {
    lists: one('SELECT count(*) FROM lists'),
    threads: one('SELECT count(DISTINCT thread_id) FROM messages'),
    messages: one('SELECT count(*) FROM messages'),
    quarantined: one('SELECT count(*) FROM quarantine'),
    figures: one('SELECT count(*) FROM figures'),
    claims: one('SELECT count(*) FROM claims'),
    runs: one('SELECT count(*) FROM runs'),
  };
}

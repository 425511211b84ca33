import type { DB } from './db';
import { inflate } from '../core/compress';

export interface QuarantineRow { id: number; source: string; offset: number | null; reason: string; sha256: string; size: number; at: number }

export function listQuarantine(db: DB, limit: number): QuarantineRow[] {
  return db.prepare(`SELECT id, source, offset, reason, raw_sha256 AS sha256, raw_size AS size, at
    FROM quarantine ORDER BY id LIMIT ?`).all(limit) as QuarantineRow[];
}

export function quarantinedRaw(db: DB, id: number): Buffer | null {
  const r = db.prepare('SELECT raw FROM quarantine WHERE id = ?').get(id) as { raw: Buffer } | undefined;
  return r ? inflate(r.raw) : null;
}

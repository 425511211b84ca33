// `benchmail claims`: comparisons and factors stated in mail, with their figures.
import type { DB } from '../store/db';
import { queryClaims, type ClaimRow } from '../store/figures';
import { normalizeMsgId } from '../core/msgid';
import { usageError } from '../core/errors';

export const CLAIM_KINDS = ['speedup', 'slowdown', 'comparison', 'regression', 'improvement'];

export interface ClaimQuery { kind?: string; author?: string; list?: string; thread?: string; message?: string; quoted?: boolean; limit?: number }

export function listClaims(db: DB, q: ClaimQuery = {}): ClaimRow[] {
  if (q.kind !== undefined && !CLAIM_KINDS.includes(q.kind)) throw usageError(`--kind takes one of ${CLAIM_KINDS.join(', ')}, got "${q.kind}"`);
  return queryClaims(db, {
    kind: q.kind, author: q.author, list: q.list, quoted: q.quoted, limit: q.limit,
    threadId: q.thread !== undefined ? normalizeMsgId(q.thread) : undefined,
    messageId: q.message !== undefined ? normalizeMsgId(q.message) : undefined,
  });
}

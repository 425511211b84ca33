import crypto from 'node:crypto';
import { openDb } from '../store/db';
import { verifyStatements, ftsIntegrityCheck, type VerifyStatements, type RawRow } from '../store/verify';
import { sha256 } from '../core/compress';
import type { RawReader } from '../store/raw';
import { pendingIndexes } from '../store/deferred-indexes';

// verify: is every stored message still whole, indexed and threaded? Recomputes each
// raw message's SHA-256 from its stored bytes, checks SQLite's own integrity and
// foreign keys, the full-text rows, the container tree and messages.thread_id, and
// prints a digest of the content (not of rowids or times): two imports of the same
// mail share it whatever the order or the interruptions in between.

export interface VerifyCheck { name: string; ok: boolean; checked: number; problems: string[]; more: number; skipped?: string }
export interface VerifyReport {
  ok: boolean;
  db: string;
  counts: Record<string, number>;
  checks: VerifyCheck[];
  digest: string;
  seconds: number;
}

const SHOWN = 20; // problems listed per check; the rest are counted
const DUMMY_THREAD = /^subject-\d+-[0-9a-f]{16}@benchmail\.invalid$/;

class Check implements VerifyCheck {
  ok = true; checked = 0; problems: string[] = []; more = 0; skipped?: string;
  constructor(readonly name: string) {}
  fail(why: string): void {
    this.ok = false;
    if (this.problems.length < SHOWN) this.problems.push(why); else this.more++;
  }
  toJSON(): VerifyCheck {
    return { name: this.name, ok: this.ok, checked: this.checked, problems: this.problems, more: this.more, ...(this.skipped ? { skipped: this.skipped } : {}) };
  }
}

export function verifyDatabase(file: string, opts: { quick?: boolean } = {}): VerifyReport {
  const t0 = process.hrtime.bigint();
  const db = openDb(file, { readonly: true });
  try {
    const st = verifyStatements(db);
    const checks: Check[] = [];
    const run = (name: string, fn: (c: Check) => void) => { const c = new Check(name); checks.push(c); fn(c); };

    // Read everything in one snapshot: an import running beside us commits whole
    // batches, and a half-seen batch would look like damage.
    let counts: Record<string, number> = {};
    let digest = '';
    db.transaction(() => {
      run('sqlite integrity', (c) => {
        const rows = st.integrity(!opts.quick);
        c.checked = 1;
        for (const r of rows) if (r !== 'ok') c.fail(r);
      });
      run('foreign keys', (c) => {
        const rows = st.foreignKeys();
        c.checked = 1;
        for (const r of rows) c.fail(`${r.table} row ${r.rowid} points at a missing ${r.parent} row`);
      });
      counts = st.counts();
      run('raw messages (SHA-256)', (c) => checkRaw(c, st.messagesRaw(), 'message', st.raws));
      run('quarantined raw (SHA-256)', (c) => checkRaw(c, st.quarantineRaw(), 'quarantined mail from', st.raws));
      run('full-text rows', (c) => {
        c.checked = counts.messages;
        for (const r of st.ftsMissing()) c.fail(`message ${r.message_id} (row ${r.id}) has no full-text row: search cannot find it`);
        for (const r of st.ftsOrphans()) c.fail(`full-text row ${r.id} belongs to no message`);
        if (counts.ftsRows !== counts.messages) c.fail(`${counts.messages} messages but ${counts.ftsRows} full-text rows`);
      });
      run('thread links', (c) => checkThreads(c, st, counts));
      run('figure search indexes', (c) => {
        // dropped for the length of a bulk import: not damage, and rebuilt by the next import
        const waiting = pendingIndexes(db);
        c.checked = 1;
        if (waiting.length) c.skipped = `${waiting.join(', ')} not built yet: an import is bulk loading, or one was interrupted; ` +
          'the next import, sync or reextract builds them (figure queries scan until then)';
      });
      digest = contentDigest(st);
    })();
    run('full-text index structure', (c) => {
      c.checked = 1;
      const r = ftsIntegrityCheck(file);
      if (r === null) c.skipped = 'another process is writing the database, or it is read-only';
      else if (r !== 'ok') c.fail(`FTS5 integrity-check: ${r}`);
    });
    return {
      ok: checks.every((c) => c.ok), db: file, counts,
      checks: checks.map((c) => c.toJSON()), digest,
      seconds: Number(process.hrtime.bigint() - t0) / 1e9,
    };
  } finally {
    db.close();
  }
}

function checkRaw(c: Check, rows: Iterable<RawRow>, what: string, raws: RawReader): void {
  for (const r of rows) {
    c.checked++;
    let bytes: Buffer;
    try { bytes = raws.bytes(r); } catch (e) { c.fail(`${what} ${r.message_id} (row ${r.id}): stored bytes do not decompress (${(e as Error).message})`); continue; }
    if (bytes.length !== r.raw_size) c.fail(`${what} ${r.message_id} (row ${r.id}): ${bytes.length} bytes stored, ${r.raw_size} recorded`);
    else if (sha256(bytes) !== r.raw_sha256) c.fail(`${what} ${r.message_id} (row ${r.id}): SHA-256 of the stored bytes differs from the one recorded at import`);
  }
}

function checkThreads(c: Check, st: VerifyStatements, counts: Record<string, number>): void {
  const parent = new Map<string, string | null>();
  const tree = new Map<string, string>();
  for (const r of st.containers()) { parent.set(r.message_id, r.parent_id); tree.set(r.message_id, r.thread_id); }
  // Every container's parent exists, the chain ends (no loop), and thread_id is its root.
  const rootMemo = new Map<string, string>();
  const rootOf = (id: string): string | null => {
    const path: string[] = [];
    let cur = id;
    for (;;) {
      const known = rootMemo.get(cur);
      if (known !== undefined) { for (const p of path) rootMemo.set(p, known); return known; }
      path.push(cur);
      const p = parent.get(cur);
      if (p === undefined || p === null) { for (const q of path) rootMemo.set(q, cur); return cur; }
      if (path.length > parent.size) return null;
      cur = p;
    }
  };
  for (const [id, p] of parent) {
    c.checked++;
    if (p !== null && !parent.has(p)) { c.fail(`container ${id}: parent ${p} is not a container`); continue; }
    const root = rootOf(id);
    if (root === null) { c.fail(`container ${id}: its parent chain loops`); continue; }
    if (tree.get(id) !== root) c.fail(`container ${id}: thread_id ${tree.get(id)} but its tree's root is ${root}`);
  }
  if (counts.realContainers !== counts.messages) c.fail(`${counts.messages} messages but ${counts.realContainers} containers marked real`);
  // Every message has its real container; one reference tree is one thread; a thread
  // is a tree root (a real original) or the dummy of a subject.
  const threadOfTree = new Map<string, string>();
  for (const m of st.messageThreads()) {
    if (m.c_thread === null) { c.fail(`message ${m.message_id}: no container (it is outside every thread)`); continue; }
    if (m.c_real !== 1) c.fail(`message ${m.message_id}: its container is marked as a placeholder`);
    const seen = threadOfTree.get(m.c_thread);
    if (seen === undefined) threadOfTree.set(m.c_thread, m.thread_id);
    else if (seen !== m.thread_id) c.fail(`message ${m.message_id}: thread ${m.thread_id}, but others of its reference tree (${m.c_thread}) are in ${seen}`);
    if (!DUMMY_THREAD.test(m.thread_id) && !(parent.has(m.thread_id) && parent.get(m.thread_id) === null)) {
      c.fail(`message ${m.message_id}: thread ${m.thread_id} is neither a tree root nor a subject group`);
    }
  }
}

/** SHA-256 over sorted content lines: messages, figures, quarantine. */
function contentDigest(st: VerifyStatements): string {
  const h = crypto.createHash('sha256');
  for (const m of st.digestMessages()) h.update(`M\t${m.message_id}\t${m.raw_sha256}\t${m.thread_id}\n`);
  for (const f of st.digestFigures()) h.update(`F\t${f.message_id}\t${f.seq}\t${canonical(f.canonical_value)}\t${f.canonical_unit}\t${f.kind}\n`);
  for (const q of st.digestQuarantine()) h.update(`Q\t${q.raw_sha256}\n`);
  return h.digest('hex');
}

/** A float written the same way on every run (12 significant digits). */
function canonical(v: number): string {
  return Number.isFinite(v) ? Number(v.toPrecision(12)).toString() : String(v);
}

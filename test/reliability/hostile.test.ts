import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { tmpDir } from '../helpers/corpus';
import { writeHostileCorpus, type HostileCase } from '../fixtures/hostile/generate';
import { runCli, record, resetRecords, query, verifyCli, problemsOf } from './helpers';

// Each hostile mail is imported by the real CLI in a child process, between two good
// messages: the import must end before its deadline, stay under a memory bound, keep
// the good mail, and either store the hostile mail or quarantine it with a reason.

const SUITE = 'hostile';
const DEADLINE_MS = 60000;
const MAX_RSS_MB = 600;

let dir: string;
let cases: HostileCase[] = [];

before(async () => {
  resetRecords(SUITE);
  dir = tmpDir('benchmail-hostile-');
  cases = await writeHostileCorpus(dir);
});

test('every hostile input: bounded time and memory, the rest imported, the bad mail stored or quarantined with a reason', async () => {
  assert.ok(cases.length >= 13, 'the generator wrote every case');
  for (const c of cases) {
    const db = path.join(dir, `${c.name}.db`);
    const r = await runCli(['import', c.file, '--db', db, '--json', '--threads', '1'], { timeoutMs: DEADLINE_MS });
    const where = `${c.name}: exit ${r.code}, ${r.ms} ms, ${r.peakRssMB} MB; ${r.stderr.slice(0, 300)}`;
    let outcome = '';
    let pass = false;
    try {
      assert.equal(r.timedOut, false, `${where}: did not finish in ${DEADLINE_MS} ms`);
      assert.ok(r.peakRssMB > 0 && r.peakRssMB < MAX_RSS_MB, `${where}: peak RSS over ${MAX_RSS_MB} MB`);
      for (const id of c.goodIds) {
        assert.equal(query(db, 'SELECT 1 FROM messages WHERE message_id = ?', id).length, 1, `${where}: good message ${id} lost`);
      }
      if (c.expect === 'quarantined') {
        assert.equal(r.code, 0, where);
        const summary = JSON.parse(r.stdout) as { quarantined: number; quarantine: { reason: string }[] };
        assert.equal(summary.quarantined, 1, `${where}: not quarantined`);
        assert.equal(query(db, 'SELECT 1 FROM quarantine').length, 1, `${where}: no quarantine row`);
        outcome = `quarantined: ${summary.quarantine[0].reason}`;
      } else if (c.expect === 'import-error') {
        // Only the gzip bomb: reading stops with a sentence, what came before is kept.
        assert.equal(r.code, 1, where);
        assert.match(r.stderr, /zip bomb.*messages before this point were imported/, where);
        outcome = 'import stops with a clear error; mail before it kept';
      } else {
        assert.equal(r.code, 0, where);
        const summary = JSON.parse(r.stdout) as { new: number; quarantined: number; quarantine: { reason: string }[] };
        const stored = query<{ subject: string; from_name: string; refs: string; body_chars: number }>(db,
          'SELECT subject, from_name, refs, body_chars FROM messages WHERE message_id = ?', c.hostileId);
        if (stored.length) {
          // Stored: every field bounded, whatever the input size.
          const m = stored[0];
          assert.ok(m.subject.length <= 2000 && m.from_name.length <= 500, `${where}: unbounded header field`);
          assert.ok(m.refs.split(' ').length <= 200, `${where}: ${m.refs.split(' ').length} references kept`);
          outcome = `stored (${c.name === 'header-line-20MB' || c.name === 'references-100000' ? 'headers bounded' : 'decoded safely'})`;
        } else {
          assert.equal(summary.quarantined, 1, `${where}: the hostile mail is neither stored nor quarantined`);
          assert.ok(summary.quarantine[0].reason.length > 5, `${where}: quarantined without a reason`);
          outcome = `quarantined: ${summary.quarantine[0].reason}`;
        }
        if (c.name === 'rtl-override-from') {
          // Bidi overrides and isolates would reorder what the reader sees ("admin<RLO>gnp.exe" shows as "adminexe.png").
          assert.doesNotMatch(stored[0].from_name + stored[0].subject, /[\u202a-\u202e\u2066-\u2069]/u, `${where}: bidi control kept in a decoded header`);
        }
        if (c.name === 'overlong-utf8') {
          // Overlong forms of "../" must not decode to a path separator.
          assert.ok(!stored[0].subject.includes('/'), `${where}: overlong UTF-8 decoded to '/': ${JSON.stringify(stored[0].subject)}`);
        }
      }
      const v = await verifyCli(db);
      assert.equal(v.code, 0, `${where}: verify: ${problemsOf(v.report)}`);
      pass = true;
    } finally {
      record(SUITE, {
        area: 'Hostile input', fault: c.name, cases: 1, pass,
        result: pass ? `${outcome}; ${(r.ms / 1000).toFixed(1)} s, peak ${r.peakRssMB} MB` : `FAILED (exit ${r.code}, ${r.ms} ms, ${r.peakRssMB} MB)`,
        detail: { ms: r.ms, peakRssMB: r.peakRssMB, exit: r.code, inputBytes: c.approxBytes },
      });
    }
  }
});

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { SHARED, tmpDir } from '../helpers/corpus';
import { buildArchive, serve, get, corpusFiles } from '../web/fixture';
import type { RunningServer } from '../../src/web/server';
import { runCli, record, resetRecords, verifyCli, problemsOf } from './helpers';

// Readers beside the one writer: the site serves (autocannon, 127.0.0.1) while an
// import of 3,000 messages (three batches of 1,000) writes to the same file. No
// request may fail, and no reader may see part of a batch.

// autocannon ships no types: the part of its result this test reads.
interface LoadResult { requests: { total: number }; errors: number; timeouts: number; non2xx: number; duration: number; latency: { p99: number } }
const autocannon = require('autocannon') as (o: object) => Promise<LoadResult>; // eslint-disable-line @typescript-eslint/no-require-imports

const SUITE = 'concurrency';
let dir: string, db: string, srv: RunningServer, generated: string;

before(async () => {
  resetRecords(SUITE);
  dir = tmpDir('benchmail-concurrency-');
  db = await buildArchive(dir, corpusFiles());
  srv = await serve(db);
  generated = path.join(dir, 'bench-3000.mbox');
  execFileSync(process.execPath, [path.join(SHARED, 'tools', 'make-bench-corpus'), '--messages', '3000', '--seed', '2', '--out', generated], { stdio: 'ignore' });
});
after(async () => { await srv?.close(); });

const messagesOnSite = async (): Promise<number> => {
  const r = await get(srv.url, '/lkml/json');
  assert.equal(r.status, 200, `/lkml/json: ${r.status}`);
  return (JSON.parse(r.text) as { list: { messages: number } }).list.messages;
};

test('the site answers every request while an import writes, and never shows half a batch', async () => {
  const base = await messagesOnSite();
  const seen = new Set<number>();
  let pass = false;
  let summary = '';
  try {
    const importing = runCli(['import', generated, '--db', db, '--quiet', '--list', 'lkml'], { timeoutMs: 120000 });
    let done = false;
    void importing.then(() => { done = true; });
    // A poller reads the count as often as it can: each value must be a batch boundary.
    const poll = (async () => { while (!done) { seen.add(await messagesOnSite()); await new Promise((r) => setTimeout(r, 25)); } })();
    const load = await autocannon({
      url: srv.url, connections: 4, duration: 8, timeout: 10,
      requests: [
        { method: 'GET', path: '/' }, { method: 'GET', path: '/lkml/' }, { method: 'GET', path: '/lkml/json' },
        { method: 'GET', path: '/all/json?q=dbench' }, { method: 'GET', path: '/measurements/json?tool=dbench' }, { method: 'GET', path: '/lkml/?q=s:benchmark' },
      ],
    });
    const imp = await importing;
    await poll;
    seen.add(await messagesOnSite());
    assert.equal(imp.code, 0, imp.stderr);
    assert.ok(load.requests.total > 50, `only ${load.requests.total} requests made`);
    assert.equal(load.errors, 0, `${load.errors} connection errors`);
    assert.equal(load.timeouts, 0, `${load.timeouts} timeouts`);
    assert.equal(load.non2xx, 0, `${load.non2xx} answers were not 2xx`);
    for (const n of seen) assert.ok((n - base) % 1000 === 0, `a reader saw ${n - base} of the new messages: part of a batch`);
    assert.ok(seen.has(base + 3000), 'the import finished and the site shows it');
    const v = await verifyCli(db);
    assert.equal(v.code, 0, problemsOf(v.report));
    summary = `${load.requests.total} requests in ${load.duration} s (p99 ${load.latency.p99} ms), 0 failed; counts seen: ${[...seen].sort((a, b) => a - b).map((n) => `+${n - base}`).join(', ')}`;
    pass = true;
  } finally {
    record(SUITE, { area: 'Concurrency', fault: 'site under load (autocannon, 4 connections) while an import writes 3,000 messages', cases: 1, pass, result: pass ? summary : 'FAILED' });
  }
});

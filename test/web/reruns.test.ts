import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openDb } from '../../src/store/db';
import { prepareSample, SAMPLE_DIR } from '../../src/api/start';
import { startServer } from '../../src/web/server';
import { tmpDir } from '../helpers/corpus';

// What `npm start` gives a new user on the seed message: the claim's comparison
// then, the loopback figure re-run now, and the wire figure explained, not faked.

test('npm start on an empty database: sample imported, seed run stored, the message page shows the re-run claim', async () => {
  const file = path.join(tmpDir(), 'start.db');
  const db = openDb(file);
  const logs: string[] = [];
  const s = await prepareSample(db, (l) => logs.push(l));
  assert.ok(s && s.new >= 300 && s.quarantined === 0, SAMPLE_DIR);
  assert.ok(logs.some((l) => /stored 1 run/.test(l)), logs.join('\n'));
  assert.equal(await prepareSample(db, () => {}), null, 'a non-empty database is left alone');
  db.close();

  const server = await startServer({ dbPath: file, host: '127.0.0.1', port: 0 });
  try {
    const url = `${server.url}/lkml/20010507213048.A17014@netppl.fi/`;
    const json = await (await fetch(url + 'json')).json() as { message: { reruns: { thenRatio: number; notRerun: string[]; figures: string[] }[] } };
    const r = json.message.reruns.find((x) => x.figures.includes('74.79 MB/sec'));
    assert.ok(r, JSON.stringify(json.message.reruns));
    assert.ok(Math.abs(r.thenRatio - 141.63 / 74.79) < 0.01);
    assert.match(r.notRerun.join(' '), /over a real network/);
    const html = await (await fetch(url)).text();
    assert.match(html, /re-run on this machine/);
    assert.match(html, /ratio then <b>1\.89/);
  } finally { await server.close(); }
});

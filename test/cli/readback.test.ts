import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { PROJECT_ROOT } from '../../src/core/config';
import { splitMbox } from '../../src/ingest/mbox';
import { sha256 } from '../../src/core/compress';
import { corpusFiles, corpusMessages, tmpDir } from '../helpers/corpus';

// The CLI as a user runs it: import, then read messages and threads back out.

const BIN = path.join(PROJECT_ROOT, 'bin', 'benchmail.js');
const db = path.join(tmpDir(), 'cli.db');
const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args, '--db', db], { maxBuffer: 64 << 20 });
const PEKKA = '20010507213048.A17014@netppl.fi';

test('import, then show --raw and thread --mbox give the imported bytes back', async () => {
  const imp = run(['import', ...corpusFiles(), '--json']);
  assert.equal(imp.status, 0, imp.stderr.toString());
  const summary = JSON.parse(imp.stdout.toString());
  assert.equal(summary.new, 294);
  const figures = JSON.parse(run(['stats', '--json']).stdout.toString()).figures;
  assert.equal(summary.figures, figures);
  const again = run(['import', ...corpusFiles()]);
  assert.match(again.stdout.toString(), /0 new messages \(294 already present\)/);
  assert.doesNotMatch(again.stdout.toString(), /figures? extracted/, 'nothing new, no figure line');
  const fresh = spawnSync(process.execPath, [BIN, 'import', corpusFiles()[0], '--db', path.join(tmpDir(), 'one.db')]);
  assert.match(fresh.stdout.toString(), /^\d+ benchmark figures extracted from the new messages/m);

  const byHash = new Map((await corpusMessages()).map((m) => [sha256(m.raw), m.raw]));
  for (const form of [PEKKA, `<${PEKKA}>`, `id:${PEKKA}`, `https://lore.kernel.org/lkml/${PEKKA}/`]) {
    const r = run(['show', form, '--raw']);
    assert.equal(r.status, 0, form);
    assert.ok(byHash.has(sha256(r.stdout)), `show --raw ${form} is byte-exact`);
  }
  const mbox = run(['thread', PEKKA, '--mbox']);
  const back: Buffer[] = [];
  for await (const m of splitMbox(Readable.from([mbox.stdout]), 'stdout')) back.push(m.raw);
  const tree = JSON.parse(run(['thread', PEKKA, '--json']).stdout.toString());
  assert.equal(back.length, tree.messages);
  for (const b of back) assert.ok(byHash.has(sha256(b)), 'thread --mbox round-trips every message');
});

test('a missing message is a clear error with exit 3, and stats has the documented keys', () => {
  const r = run(['show', 'no-such@id']);
  assert.equal(r.status, 3);
  assert.match(r.stderr.toString(), /no message <no-such@id> in this archive/);
  const s = JSON.parse(run(['stats', '--json']).stdout.toString());
  for (const k of ['lists', 'threads', 'messages', 'quarantined', 'figures']) assert.equal(typeof s[k], 'number', k);
  assert.equal(s.messages, 294);
});

test('--version and --help answer without a database; --help still lists every command', () => {
  const version = spawnSync(process.execPath, [BIN, '--version']);
  assert.equal(version.status, 0);
  assert.equal(version.stdout.toString().trim(), require(path.join(PROJECT_ROOT, 'package.json')).version);
  const help = spawnSync(process.execPath, [BIN, '--help']).stdout.toString();
  for (const cmd of ['import', 'search', 'thread', 'measurements', 'serve', 'verify']) assert.match(help, new RegExp(`^\\s+${cmd}\\b`, 'm'), cmd);
});

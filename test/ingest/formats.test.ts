import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { openDb } from '../../src/store/db';
import { importPaths } from '../../src/api/import';
import { sha256 } from '../../src/core/compress';
import { escapeFrom } from '../../src/ingest/mbox';
import { PROJECT_ROOT } from '../../src/core/config';
import { corpusMessages, tmpDir } from '../helpers/corpus';
import type { RawMessage } from '../../src/core/types';

// Every input format, made in the test from the real corpus, must yield the same
// messages byte for byte (same SHA-256 set) as the corpus itself.

let msgs: RawMessage[] = [];
const dir = tmpDir('benchmail-formats-');

async function hashesOf(paths: string[], extra: { stdin?: string } = {}): Promise<{ hashes: string[]; summary: { new: number; quarantined: number } }> {
  const file = path.join(dir, `db-${Math.random().toString(36).slice(2)}.db`);
  let summary: { new: number; quarantined: number };
  if (extra.stdin) {
    const r = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'benchmail.js'), 'import', '-', '--db', file, '--json', '--no-extract'],
      { input: fs.readFileSync(extra.stdin), encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.equal(r.status, 0, r.stderr);
    summary = JSON.parse(r.stdout);
  } else {
    const db = openDb(file);
    summary = await importPaths(db, paths, { threads: 0, extract: false });
    db.close();
  }
  const db = openDb(file, { readonly: true });
  const hashes = (db.prepare('SELECT raw_sha256 FROM messages ORDER BY raw_sha256').pluck().all() as string[]);
  db.close();
  return { hashes, summary };
}

const expected = () => [...new Set(msgs.map((m) => sha256(m.raw)))].sort();
const fromLine = (m: RawMessage) => Buffer.from((m.fromLine ?? 'From x Thu Jan  1 00:00:00 1970') + '\n', 'latin1');

function withHeader(raw: Buffer, name: string, value: string): Buffer {
  // Insert a header line right after the first line of the header block.
  const nl = raw.indexOf(0x0a);
  return Buffer.concat([raw.subarray(0, nl + 1), Buffer.from(`${name}: ${value}\n`, 'latin1'), raw.subarray(nl + 1)]);
}

test('setup: split the corpus', async () => {
  msgs = await corpusMessages();
  assert.equal(msgs.length, 294);
});

test('mboxrd and mboxrd.gz', async () => {
  const file = path.join(dir, 'rd.mbox');
  fs.writeFileSync(file, Buffer.concat(msgs.flatMap((m) => [fromLine(m), escapeFrom(m.raw), Buffer.from('\n')])));
  assert.deepEqual((await hashesOf([file])).hashes, expected());
  fs.writeFileSync(file + '.gz', zlib.gzipSync(fs.readFileSync(file)));
  assert.deepEqual((await hashesOf([file + '.gz'])).hashes, expected());
});

test('mboxo (only "From " escaped)', async () => {
  // mboxo cannot tell an escaped "From " from a literal ">From ": compare messages without such lines.
  const plain = msgs.filter((m) => !/^>+From /m.test(m.raw.toString('latin1')));
  const file = path.join(dir, 'o.mbox');
  const esc = (b: Buffer) => Buffer.from(b.toString('latin1').replace(/^From /gm, '>From '), 'latin1');
  fs.writeFileSync(file, Buffer.concat(plain.flatMap((m) => [fromLine(m), esc(m.raw), Buffer.from('\n')])));
  assert.deepEqual((await hashesOf([file])).hashes, [...new Set(plain.map((m) => sha256(m.raw)))].sort());
});

test('mboxcl2 (Content-Length, no escaping) and mboxcl (Content-Length and escaping)', async () => {
  for (const flavour of ['cl2', 'cl'] as const) {
    const file = path.join(dir, `${flavour}.mbox`);
    const want: string[] = [];
    const parts: Buffer[] = [];
    // A literal ">From " line in mboxcl2 reads the same as an escaped one in mboxcl: the
    // splitter takes the mboxcl reading, so cl2 is compared on messages without such lines.
    const some = flavour === 'cl2' ? msgs.filter((m) => !/^>+From /m.test(m.raw.toString('latin1'))) : msgs;
    for (const m of some) {
      const hb = m.raw.indexOf('\n\n');
      const body = m.raw.subarray(hb + 2);
      const stored = flavour === 'cl2' ? body : escapeFrom(body);
      const withLen = withHeader(m.raw, 'Content-Length', String(stored.length));
      want.push(sha256(withLen));
      const head = withLen.subarray(0, withLen.indexOf('\n\n') + 2);
      parts.push(fromLine(m), head, stored, Buffer.from('\n'));
    }
    fs.writeFileSync(file, Buffer.concat(parts));
    assert.deepEqual((await hashesOf([file])).hashes, [...new Set(want)].sort(), flavour);
  }
});

test('MMDF', async () => {
  const file = path.join(dir, 'mmdf.mbox');
  const sep = Buffer.from('\x01\x01\x01\x01\n', 'latin1');
  fs.writeFileSync(file, Buffer.concat(msgs.flatMap((m) => [sep, m.raw, m.raw[m.raw.length - 1] === 0x0a ? Buffer.alloc(0) : Buffer.from('\n'), sep])));
  // MMDF keeps the message's last newline inside the separators.
  const want = msgs.map((m) => sha256(m.raw[m.raw.length - 1] === 0x0a ? m.raw : Buffer.concat([m.raw, Buffer.from('\n')])));
  assert.deepEqual((await hashesOf([file])).hashes, [...new Set(want)].sort());
});

test('Maildir (cur/new, tmp ignored), a directory of .eml files, a single .eml, stdin', async () => {
  const md = path.join(dir, 'Maildir');
  for (const d of ['cur', 'new', 'tmp']) fs.mkdirSync(path.join(md, d), { recursive: true });
  msgs.forEach((m, i) => fs.writeFileSync(path.join(md, i % 3 ? 'cur' : 'new', `${1000 + i}.M${i}.host:2,S`), m.raw));
  fs.writeFileSync(path.join(md, 'tmp', 'partial'), 'From: half a delivery\n');
  assert.deepEqual((await hashesOf([md])).hashes, expected());

  const emls = path.join(dir, 'emls');
  fs.mkdirSync(emls);
  msgs.forEach((m, i) => fs.writeFileSync(path.join(emls, `${i}.eml`), m.raw));
  assert.deepEqual((await hashesOf([emls])).hashes, expected());

  const one = path.join(emls, '0.eml');
  assert.deepEqual((await hashesOf([one])).hashes, [sha256(msgs[0].raw)]);

  const rd = path.join(dir, 'rd.mbox');
  const viaStdin = await hashesOf([], { stdin: rd });
  assert.deepEqual(viaStdin.hashes, expected());
  assert.equal(viaStdin.summary.new, 294);
});

test('CRLF mbox keeps CRLF bytes', async () => {
  const file = path.join(dir, 'crlf.mbox');
  const crlf = (b: Buffer) => Buffer.from(b.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1');
  const some = msgs.slice(0, 20);
  fs.writeFileSync(file, Buffer.concat(some.flatMap((m) => [crlf(fromLine(m)), crlf(escapeFrom(m.raw)), Buffer.from('\r\n')])));
  const r = await hashesOf([file]);
  assert.deepEqual(r.hashes, [...new Set(some.map((m) => sha256(crlf(m.raw))))].sort());
});

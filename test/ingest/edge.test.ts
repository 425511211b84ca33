import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openDb } from '../../src/store/db';
import { importPaths } from '../../src/api/import';
import { parseMessage } from '../../src/ingest/parse';
import { parseAddressList } from '../../src/ingest/headers';
import { corpusFiles, tmpDir } from '../helpers/corpus';

// Bad and odd input: a clear note or quarantine, never a crash, nothing stored lost.

const dir = tmpDir('benchmail-edge-');
const mail = (headers: string, body = 'hello\n') => Buffer.from(`${headers}\n\n${body}`, 'latin1');

test('empty files, binary junk and NUL bytes: noted or quarantined, the rest imported', async () => {
  const db = openDb(path.join(dir, 'a.db'));
  await importPaths(db, [corpusFiles()[0]], { threads: 0 });
  const before = db.prepare('SELECT count(*) FROM messages').pluck().get() as number;
  fs.writeFileSync(path.join(dir, 'empty.mbox'), '');
  const junk = Buffer.alloc(4096);
  for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + 13) % 251;
  fs.writeFileSync(path.join(dir, 'junk.bin'), junk);
  fs.writeFileSync(path.join(dir, 'nul.eml'), mail('From: a@b\nSubject: nul\nMessage-ID: <nul@x>', 'a\u0000b\n'));
  const s = await importPaths(db, [path.join(dir, 'empty.mbox'), path.join(dir, 'junk.bin'), path.join(dir, 'nul.eml')], { threads: 0 });
  assert.ok(s.notes.some((n) => /empty/.test(n.message)), 'empty file noted');
  assert.equal(s.quarantined, 1, 'junk quarantined');
  assert.match(s.quarantine[0].reason, /not a mail message/);
  assert.equal(s.new, 1, 'the message with a NUL byte is stored');
  const q = db.prepare('SELECT source, raw_size FROM quarantine').get() as { source: string; raw_size: number };
  assert.equal(q.raw_size, 4096, 'junk bytes kept whole in quarantine');
  assert.equal(db.prepare('SELECT count(*) FROM messages').pluck().get(), before + 1, 'nothing stored before is lost');
  // Importing the junk again does not duplicate it in quarantine.
  const again = await importPaths(db, [path.join(dir, 'junk.bin')], { threads: 0 });
  assert.equal(again.quarantined, 0);
  assert.equal(again.quarantinePresent, 1);
  db.close();
});

test('a truncated mbox imports every whole message and the partial last one', async () => {
  const src = fs.readFileSync(corpusFiles()[1]);
  const cut = path.join(dir, 'cut.mbox');
  fs.writeFileSync(cut, src.subarray(0, Math.floor(src.length * 0.6)));
  const db = openDb(path.join(dir, 'b.db'));
  const s = await importPaths(db, [cut], { threads: 0 });
  assert.ok(s.messages >= 2);
  assert.equal(s.new + s.quarantined, s.messages);
  db.close();
});

test('a 10 MB header line and 100,000 References are bounded, not fatal', async () => {
  const long = 'X-Long: ' + 'a'.repeat(10 * 1024 * 1024);
  const refs = 'References: ' + Array.from({ length: 100000 }, (_, i) => `<r${i}@x>`).join(' ');
  const p = parseMessage(mail(`From: a@b\n${long}\n${refs}\nSubject: big\nMessage-ID: <big@x>`));
  assert.equal(p.subject, 'big');
  assert.ok(p.references.length <= 200 && p.references[0] === 'r0@x' && p.references.at(-1) === 'r99999@x');
});

test('headers: RFC 2047 in several charsets, broken charsets, missing Message-ID and dates', () => {
  const p = parseMessage(mail([
    'From: =?ISO-8859-1?Q?J=F6rn_Engel?= <joern@x>',
    'To: =?koi8-r?B?8NLP18XSy8E=?= <k@x>',
    'Subject: =?x-unknown-charset?Q?caf=E9?= ok',
    'Date: not a date at all',
  ].join('\n')), 'From someone Mon May  7 12:12:57 2001');
  assert.equal(p.fromName, 'Jörn Engel');
  const sneaky = parseMessage(mail('From: "<script>x</script>, Jr" <evil@example.com>\nMessage-ID: <s@x>'));
  assert.equal(sneaky.fromAddr, 'evil@example.com', 'the address is the last <...> outside quotes');
  assert.equal(sneaky.fromName, '<script>x</script>, Jr');
  assert.match(p.to, /^Проверка/);
  assert.match(p.subject, /ok$/);
  assert.equal(p.syntheticId, true);
  assert.match(p.messageId, /@benchmail\.synthetic$/);
  assert.equal(p.dateSource, 'from_line');
  assert.equal(new Date(p.date! * 1000).toISOString(), '2001-05-07T12:12:57.000Z');
  const again = parseMessage(mail('From: =?ISO-8859-1?Q?J=F6rn_Engel?= <joern@x>\nTo: =?koi8-r?B?8NLP18XSy8E=?= <k@x>\nSubject: =?x-unknown-charset?Q?caf=E9?= ok\nDate: not a date at all'));
  assert.equal(again.messageId, p.messageId, 'synthetic id is stable for the same bytes');
});

test('bodies: quoted-printable, base64, multipart text chosen, HTML only as inert text, format=flowed', () => {
  const qp = parseMessage(mail('From: a@b\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable', 'caf=E9 141.63 MB/s=\nec\n'));
  assert.equal(qp.text, 'café 141.63 MB/sec\n');
  const b64 = parseMessage(mail('From: a@b\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64', Buffer.from('Grüße 10 ms\n').toString('base64')));
  assert.equal(b64.text, 'Grüße 10 ms\n');
  const multi = parseMessage(mail('From: a@b\nContent-Type: multipart/alternative; boundary="XX"',
    '--XX\nContent-Type: text/html\n\n<p>html <script>alert(1)</script></p>\n--XX\nContent-Type: text/plain\n\nplain text\n--XX--\n'));
  assert.equal(multi.text.trim(), 'plain text');
  const html = parseMessage(mail('From: a@b\nContent-Type: text/html', '<p>x<script>alert(1)</script><b>y</b></p>'));
  assert.doesNotMatch(html.text, /<|script|alert/);
  // RFC 2231 parameters go to libmime; the common form is read by our own parser.
  const split = parseMessage(mail("From: a@b\nContent-Type: multipart/mixed; boundary*0=\"X\"; boundary*1=\"Y\"",
    '--XY\nContent-Type: text/plain\n\nin the part\n--XY--\n'));
  assert.equal(split.text.trim(), 'in the part');
  const flowed = parseMessage(mail('From: a@b\nContent-Type: text/plain; format=flowed', 'one \ntwo\n'));
  assert.equal(flowed.text.trim(), 'one two');
});

test('deep MIME nesting is cut off with a note, not recursed into', () => {
  // Built inside out: part i is a multipart whose parts are delimited by b(i-1).
  let body = '--b0\nContent-Type: text/plain\n\nleaf\n--b0--\n';
  for (let i = 1; i < 10000; i++) body = `--b${i}\nContent-Type: multipart/mixed; boundary="b${i - 1}"\n\n${body}--b${i}--\n`;
  const p = parseMessage(mail('From: a@b\nContent-Type: multipart/mixed; boundary="b9999"', body));
  assert.ok(p.notes.some((n) => /nesting deeper/.test(n)), p.notes.join('; '));
  const shallow = parseMessage(mail('From: a@b\nContent-Type: multipart/mixed; boundary="b3"', body.slice(body.indexOf('--b3\n'))));
  assert.equal(shallow.text.trim(), 'leaf', 'four levels are decoded down to the text');
});

test('decoded text: CRLF and lone CR become LF, NUL bytes go; text without them is kept as it is', () => {
  const crlf = parseMessage(Buffer.from('From: a@b\r\nSubject: x\r\nMessage-ID: <crlf@x>\r\n\r\none\r\ntwo\rthree\u0000four\r\n', 'latin1'));
  assert.equal(crlf.text, 'one\ntwo\nthree' + 'four\n');
  const plain = parseMessage(Buffer.from('From: a@b\nSubject: x\nMessage-ID: <lf@x>\n\none\ntwo\n', 'latin1'));
  assert.equal(plain.text, 'one\ntwo\n');
});

test('address lists: commas inside quotes and comments, escaped quotes, old-style comments, bare addresses', () => {
  assert.deepEqual(parseAddressList('"Doe, John" <j@x>, a@b (Alice, A.), "Q \\" <x>" <q@y>,, <bare@z>, c @ d'), [
    { name: 'Doe, John', addr: 'j@x' },
    { name: 'Alice, A.', addr: 'a@b' },
    { name: 'Q " <x>', addr: 'q@y' },
    { name: '', addr: 'bare@z' },
    { name: '', addr: 'c@d' },
  ]);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { parseMessage, parseBodyText, ParseError } from '../../src/ingest/parse';
import { decodeCp1252, toUnicode } from '../../src/ingest/mime';
import { corpusMessages } from '../helpers/corpus';

// Search snippets decode the body alone (parseBodyText), not the whole message:
// the text they show must be exactly what the full parse gives.

const mail = (headers: string, body: string | Buffer) =>
  Buffer.concat([Buffer.from(`From: A <a@example.org>\nSubject: s\nMessage-ID: <x@example.org>\n${headers}\n`, 'latin1'), Buffer.from(body)]);

test('the body-only decode equals parseMessage(...).text on every corpus message', async () => {
  const msgs = await corpusMessages();
  assert.ok(msgs.length > 100);
  const seen = { qp: 0, multipart: 0, flowed: 0, latin1: 0 };
  for (const m of msgs) {
    const head = m.raw.subarray(0, 4000).toString('latin1').toLowerCase();
    if (head.includes('quoted-printable')) seen.qp++;
    if (head.includes('multipart/')) seen.multipart++;
    if (head.includes('format=flowed')) seen.flowed++;
    if (head.includes('iso-8859-1')) seen.latin1++;
    assert.equal(parseBodyText(m.raw), parseMessage(m.raw, m.fromLine).text, m.raw.subarray(0, 200).toString('latin1'));
  }
  for (const [k, n] of Object.entries(seen)) assert.ok(n > 0, `the corpus has ${k} mail`);
});

test('the body-only decode equals the full parse on base64, multipart, HTML-only and 8-bit charsets', () => {
  const cases = [
    mail('Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n',
      Buffer.from('Throughput went from 10 to 12 Gbit/s \u2014 20% faster.\n').toString('base64').replace(/.{60}/g, '$&\n')),
    mail('Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n',
      'Caf=E9 latency =93fell=94 by 3=80 per op =\nand more\n'),
    mail('Content-Type: text/plain; charset=koi8-r\nContent-Transfer-Encoding: 8bit\n', Buffer.from([0xf4, 0xc5, 0xd3, 0xd4, 0x0a])),
    mail('MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b1"\n',
      '--b1\nContent-Type: text/plain; charset=windows-1252\nContent-Transfer-Encoding: quoted-printable\n\n=91before=92 and after\n'
      + '--b1\nContent-Type: text/x-diff\n\n--- a/x\n+++ b/x\n'
      + '--b1\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\nAAECAw==\n--b1--\n'),
    mail('Content-Type: multipart/alternative; boundary=z\n',
      '--z\nContent-Type: text/html; charset=utf-8\n\n<p>only <b>html</b> here</p><script>x()</script>\n--z--\n'),
  ];
  for (const raw of cases) {
    const text = parseBodyText(raw);
    assert.ok(text.length > 0);
    assert.equal(text, parseMessage(raw).text);
  }
});

test('the body-only decode refuses what parseMessage refuses', () => {
  for (const raw of [Buffer.alloc(0), Buffer.from('\nno headers at all\n'), Buffer.from('X-Junk: 1\n\nbody\n')]) {
    assert.throws(() => parseMessage(raw), ParseError);
    assert.throws(() => parseBodyText(raw), ParseError);
  }
});

test('windows-1252 decodes as iconv-lite does, for every byte (iso-8859-1 means cp1252)', () => {
  const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const want = iconv.decode(all, 'windows-1252');
  assert.equal(decodeCp1252(all), want);
  assert.equal(toUnicode(all, 'ISO-8859-1'), want);
  assert.equal(toUnicode(all, '"windows-1252"'), want);
  assert.equal(decodeCp1252(Buffer.from('plain ascii')), 'plain ascii');
});

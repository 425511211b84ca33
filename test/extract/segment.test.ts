import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segmentBody, analyzeLines } from '../../src/extract/segment';

const body = (...lines: string[]) => lines.join('\n');
function quotedFromAt(text: string, needle: string): string | null {
  const at = text.indexOf(needle);
  const l = analyzeLines(text).find((x) => x.start <= at && at <= x.end)!;
  return l.quotedFrom;
}

test('attribution forms name the quoted author at the right depth', () => {
  const t = body(
    'On Mon, May 07, 2001 at 12:12:57PM -0400, Richard B. Johnson wrote:',
    '> is over 10 times faster',
    '> Alan Cox <alan@lxorguk.ukuu.org.uk> wrote:',
    '> > 20% slower here',
    '> > > Linus said:',
    '> > > > a deep one',
    'my own text',
  );
  assert.equal(quotedFromAt(t, 'is over 10'), 'Richard B. Johnson');
  assert.equal(quotedFromAt(t, '20% slower'), 'Alan Cox');
  assert.equal(quotedFromAt(t, 'a deep one'), 'Linus');
  assert.equal(quotedFromAt(t, 'my own text'), null);
  const depths = analyzeLines(t).map((l) => l.depth);
  assert.deepEqual(depths, [0, 1, 1, 2, 3, 4, 0]);
});

test('an address alone names the author; Name> prefixes and Gnus attributions', () => {
  const t = body(
    'On Sun, Oct 19, 2003 at 08:37:45PM -0400, rwhron@earthlink.net wrote:',
    '> about a 50% regression',
    '',
    '>>>>> "Robert" == Robert Morris <rtm@amsterdam.lcs.mit.edu> writes:',
    'Robert> 500,000 packets per second',
  );
  assert.equal(quotedFromAt(t, 'about a 50%'), 'rwhron@earthlink.net');
  assert.equal(quotedFromAt(t, '500,000'), 'Robert Morris');
});

test('Outlook-style original message blocks are quoted from the From: line', () => {
  const t = body('I agree.', '', '-----Original Message-----', 'From: Jane Doe [mailto:jane@example.com]',
    'Sent: Monday, May 07, 2001 10:00 AM', 'Subject: numbers', '', 'We measured 40 MB/s.');
  const l = analyzeLines(t);
  const own = l.find((x) => t.slice(x.start, x.end) === 'I agree.')!;
  const orig = l.find((x) => t.slice(x.start, x.end).startsWith('We measured'))!;
  assert.equal(own.depth, 0);
  assert.equal(orig.depth, 1);
  assert.equal(orig.quotedFrom, 'Jane Doe');
});

test('patches, signatures and list footers are their own segments', () => {
  const t = body(
    'Numbers below.',
    'diff -urN a/fs/inode.c b/fs/inode.c',
    '--- a/fs/inode.c',
    '+++ b/fs/inode.c',
    '@@ -1,3 +1,3 @@',
    '-#define SIZE 4096',
    '+#define SIZE 8192',
    'After the patch.',
    '-- ',
    'Some One, 100 MB/s guy',
    '-',
    'To unsubscribe from this list: send the line "unsubscribe linux-kernel" in',
  );
  const kinds = segmentBody(t).map((s) => s.kind);
  assert.deepEqual(kinds, ['text', 'patch', 'text', 'signature', 'footer']);
  const segs = segmentBody(t);
  assert.equal(segs[0].start, 0);
  assert.equal(segs[segs.length - 1].end, t.length);
});

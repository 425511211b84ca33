// How `benchmail fetch` reads the names b4 accepts: bare id, <id>, id:ID, lore URLs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fetchTarget } from '../../src/api/fetch';
import { BenchmailError } from '../../src/core/errors';

const ID = '20031020003745.GA2794@rushmore';

test('bare id, <id> and id:ID go to --server/--list, else lore.kernel.org/all', () => {
  const saved = process.env.BENCHMAIL_SERVER;
  delete process.env.BENCHMAIL_SERVER;
  try {
    for (const form of [ID, `<${ID}>`, `id:${ID}`, ` ${ID} `]) {
      assert.deepEqual(fetchTarget(form), { input: form, messageId: ID, server: 'https://lore.kernel.org', list: 'all' });
      assert.deepEqual(fetchTarget(form, { server: 'http://127.0.0.1:8080/', list: 'lkml' }),
        { input: form, messageId: ID, server: 'http://127.0.0.1:8080', list: 'lkml' });
    }
  } finally {
    if (saved !== undefined) process.env.BENCHMAIL_SERVER = saved;
  }
});

test('a URL names its server and inbox; /r/ means all; %2F is a slash in the id', () => {
  for (const suffix of ['/', '/T/#u', '/t/', '/t.mbox.gz', '/raw', '']) {
    const t = fetchTarget(`https://lore.kernel.org/linux-mm/${ID}${suffix}`, { server: 'http://127.0.0.1:1' });
    assert.equal(t.server, 'https://lore.kernel.org', suffix);
    assert.equal(t.list, 'linux-mm', suffix);
    assert.equal(t.messageId, ID, suffix);
  }
  assert.equal(fetchTarget(`https://lore.kernel.org/r/${ID}`).list, 'all');
  assert.equal(fetchTarget(`https://lore.kernel.org/lkml/${ID}/`, { list: 'netdev' }).list, 'netdev', '--list wins over the URL');
  const slash = fetchTarget('https://lore.kernel.org/lkml/a%2Fb@example.org/');
  assert.equal(slash.messageId, 'a/b@example.org');
  assert.throws(() => fetchTarget('id:'), BenchmailError);
  assert.throws(() => fetchTarget(ID, { list: '../etc' }), BenchmailError);
});

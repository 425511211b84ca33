import { Command } from 'commander';
import { resolveDbPath } from '../../core/config';
import { BenchmailError } from '../../core/errors';
import { openDb } from '../../store/db';
import { fetchThread, type FetchResult } from '../../api/fetch';
import { LoreClient, resolveServer } from '../../ingest/lore';
import { printJson } from '../output';

// benchmail fetch ID... [--server URL] [--list NAME]: threads from a public-inbox server
// (lore.kernel.org unless --server or $BENCHMAIL_SERVER), imported, with their figures.
export function register(program: Command): void {
  program.command('fetch')
    .description('get threads by Message-ID or lore URL from a public-inbox server, import them, print their figures')
    .argument('<ids...>', 'Message-ID, <id>, id:ID or a URL like https://lore.kernel.org/lkml/ID/')
    .option('--server <url>', 'public-inbox server (default $BENCHMAIL_SERVER or https://lore.kernel.org)')
    .option('--list <name>', 'inbox on the server, also the local list name (default: the URL\'s, else "all")')
    .option('--db <path>', 'database file')
    .option('--json', 'machine-readable output')
    .option('--quiet', 'print only errors')
    .action(async (ids: string[], o: { server?: string; list?: string; db?: string; json?: boolean; quiet?: boolean }) => {
      const db = openDb(resolveDbPath(o.db));
      const clients = new Map<string, LoreClient>();
      const results: FetchResult[] = [];
      const errors: BenchmailError[] = [];
      try {
        for (const id of ids) {
          try {
            const server = resolveServer(/^https?:\/\//i.test(id.trim()) ? new URL(id.trim()).origin : o.server);
            if (!clients.has(server)) clients.set(server, new LoreClient(server));
            const r = await fetchThread(db, id, { server: o.server, list: o.list, client: clients.get(server) });
            results.push(r);
            if (!o.json && !o.quiet) printResult(r);
          } catch (e) {
            if (!(e instanceof BenchmailError)) throw e;
            errors.push(e);
            process.stderr.write(`benchmail: ${e.message}\n`);
          }
        }
      } finally {
        db.close();
      }
      if (o.json) printJson(results);
      if (errors.length) process.exitCode = errors.every((e) => e.code === 'not_found') ? 3 : 1;
    });
}

function printResult(r: FetchResult): void {
  const asked = r.how === 'thread' ? 'whole thread' : r.how === 'messages' ? `${r.downloaded} missing message${r.downloaded === 1 ? '' : 's'}` : 'nothing missing';
  process.stdout.write(`${r.messageId}: "${r.subject}" ${r.messages} messages in thread; fetched ${asked} from ${r.server}/${r.list}/ ` +
    `(${r.new} new, ${r.present} already stored${r.quarantined ? `, ${r.quarantined} quarantined` : ''}; ${r.requests} request${r.requests === 1 ? '' : 's'})\n`);
  for (const f of r.figures) {
    const what = [f.kind, f.tool, f.metric].filter(Boolean).join(' ');
    const who = f.quoted ? `${f.author} quoting ${f.quotedFrom ?? 'someone'}` : f.author;
    process.stdout.write(`  ${String(f.value)} ${f.unit}`.padEnd(22) + ` ${what.padEnd(28)} ${who}\n`);
  }
  process.stdout.write(`  ${r.figures.length} figure${r.figures.length === 1 ? '' : 's'} in thread ${r.threadId ?? '(not stored)'}\n`);
}

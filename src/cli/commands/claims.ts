import { Command } from 'commander';
import { resolveDbPath } from '../../core/config';
import { openDb } from '../../store/db';
import { listClaims, type ClaimQuery } from '../../api/claims';
import { printJson, intOption } from '../output';

// benchmail claims [--json] [--kind K] [--author A] [--list L] [--thread ID] [--message ID] [--quoted|--no-quoted]
export function register(program: Command): void {
  program.command('claims')
    .description('comparisons stated in mail: "a factor of 2", "141.63 vs 74.79 MB/sec", "20% regression"')
    .option('--db <path>', 'database file')
    .option('--json', 'JSON array')
    .option('--kind <kind>', 'speedup, slowdown, comparison, regression, improvement')
    .option('--author <name>', 'sender name or address contains this')
    .option('--list <name>', 'list name')
    .option('--thread <id>', 'thread root Message-ID')
    .option('--message <id>', 'one message')
    .option('--quoted', 'only claims in quoted text')
    .option('--no-quoted', 'only the authors\' own claims')
    .option('--limit <n>', 'at most this many', intOption)
    .action((o: ClaimQuery & { db?: string; json?: boolean }) => {
      const db = openDb(resolveDbPath(o.db), { readonly: true });
      let rows;
      try { rows = listClaims(db, o); } finally { db.close(); }
      if (o.json) return printJson(rows);
      if (!rows.length) { process.stdout.write('No claims match.\n'); return; }
      for (const c of rows) {
        const who = c.quoted ? `${c.author} quoting ${c.quotedFrom ?? 'someone'}` : c.author;
        process.stdout.write(`${c.kind.padEnd(11)} ${c.factor !== null ? ('x' + c.factor).padEnd(9) : ''.padEnd(9)} ${who}  <${c.messageId}>\n    ${c.text}\n`);
      }
      process.stdout.write(`${rows.length} claim${rows.length === 1 ? '' : 's'}\n`);
    });
}

import { Command } from 'commander';
import { resolveDbPath } from '../../core/config';
import { openDb } from '../../store/db';
import { searchMessages } from '../../search';
import { printJson, intOption } from '../output';
import { safeText } from '../text';

// benchmail search QUERY [--json] [--limit N]: lore prefixes + figure terms, newest first.
export function register(program: Command): void {
  program.command('search')
    .description('full-text and figure search: s: f: t: c: a: b: bs: q: nq: d: m: v: tool: unit: kind:, AND/OR/NOT, "phrases"')
    .argument('<query...>', 'the query (quote it for the shell)')
    .option('--db <path>', 'database file')
    .option('--list <name>', 'one list only')
    .option('--limit <n>', 'results to show', intOption, 20)
    .option('--offset <n>', 'skip this many results', intOption, 0)
    .option('--json', 'machine-readable output')
    .action((words: string[], o: { db?: string; list?: string; limit: number; offset: number; json?: boolean }) => {
      const db = openDb(resolveDbPath(o.db), { readonly: true });
      try {
        const r = searchMessages(db, words.join(' '), { list: o.list, limit: o.limit, offset: o.offset });
        if (o.json) { printJson(r); return; }
        process.stdout.write(`${r.total} message${r.total === 1 ? '' : 's'}\n`);
        for (const m of r.results) {
          const d = m.date ? new Date(m.date * 1000).toISOString().slice(0, 10) : '????-??-??';
          process.stdout.write(`${d}  ${safeText(m.fromName || m.fromAddr)}: ${safeText(m.subject)}\n    <${m.messageId}>\n    ${safeText(m.snippet)}\n`);
        }
      } finally { db.close(); }
    });
}

import { Command } from 'commander';
import { resolveDbPath } from '../../core/config';
import { openDb } from '../../store/db';
import { reextract } from '../../api/reextract';
import { printJson } from '../output';

// benchmail reextract [--db PATH] [--json] [--quiet]
export function register(program: Command): void {
  program.command('reextract')
    .description('run figure extraction again over the stored mail (after a rules change); needs no source archive')
    .option('--db <path>', 'database file')
    .option('--json', 'machine-readable summary')
    .option('--quiet', 'no progress')
    .action((o: { db?: string; json?: boolean; quiet?: boolean }) => {
      const db = openDb(resolveDbPath(o.db));
      let s;
      try {
        s = reextract(db, { onProgress: (d, t) => { if (!o.quiet && !o.json && process.stderr.isTTY) process.stderr.write(`\r${d}/${t} messages`); } });
      } finally { db.close(); }
      if (!o.quiet && !o.json && process.stderr.isTTY) process.stderr.write('\n');
      if (o.json) return printJson(s);
      process.stdout.write(`Re-extracted ${s.messages} messages: ${s.figures} figures, ${s.claims} claims in ${s.seconds.toFixed(1)} s.\n`);
      for (const f of s.failed) process.stdout.write(`  <${f.messageId}>: ${f.reason}; its old figures are kept\n`);
    });
}

import { Command } from 'commander';
import { resolveDbPath } from '../../core/config';
import { notFound } from '../../core/errors';
import { openDb } from '../../store/db';
import { listQuarantine, quarantinedRaw } from '../../store/quarantine';
import { printJson, intOption } from '../output';
import { safeText } from '../text';

// benchmail quarantine [--raw ID] [--json]: what could not be read as mail, and its bytes.
export function register(program: Command): void {
  program.command('quarantine')
    .description('messages kept raw because they could not be read as mail, with where they came from and why')
    .option('--db <path>', 'database file')
    .option('--raw <id>', 'write the kept bytes of one quarantined message to stdout', intOption)
    .option('--limit <n>', 'rows to list', intOption, 100)
    .option('--json', 'machine-readable output')
    .action((o: { db?: string; raw?: number; limit: number; json?: boolean }) => {
      const db = openDb(resolveDbPath(o.db), { readonly: true });
      try {
        if (o.raw !== undefined) {
          const b = quarantinedRaw(db, o.raw);
          if (!b) throw notFound(`no quarantined message ${o.raw} (see \`benchmail quarantine\`)`);
          process.stdout.write(b);
          return;
        }
        const rows = listQuarantine(db, o.limit);
        if (o.json) { printJson(rows); return; }
        if (!rows.length) { process.stdout.write('quarantine is empty: every message read was stored\n'); return; }
        for (const r of rows) {
          process.stdout.write(`${r.id}\t${safeText(r.source)}${r.offset !== null ? ` at byte ${r.offset}` : ''}\t${r.size} bytes\t${safeText(r.reason)}\n`);
        }
      } finally { db.close(); }
    });
}

import { Command } from 'commander';
import { resolveDbPath } from '../../core/config';
import { openDb } from '../../store/db';
import { decodedOf, rawOf } from '../../api/messages';
import { printJson } from '../output';
import { safeText } from '../text';

// benchmail show ID [--raw|--json]: one message, decoded or byte-exact.
export function register(program: Command): void {
  program.command('show')
    .description('one message, decoded (or byte-exact with --raw)')
    .argument('<id>', 'Message-ID, <id>, id:..., or a lore URL')
    .option('--db <path>', 'database file')
    .option('--raw', 'the exact bytes as imported')
    .option('--json', 'machine-readable output')
    .action((id: string, o: { db?: string; raw?: boolean; json?: boolean }) => {
      const db = openDb(resolveDbPath(o.db), { readonly: true });
      try {
        if (o.raw) { process.stdout.write(rawOf(db, id)); return; }
        const m = decodedOf(db, id);
        if (o.json) { printJson(m); return; }
        const h = (k: string, v: string | null) => (v ? `${k}: ${safeText(v)}\n` : '');
        process.stdout.write(h('From', m.from) + h('To', m.to) + h('Cc', m.cc) + h('Subject', m.subject) +
          h('Date', m.date) + h('Message-ID', `<${m.messageId}>`) + h('List', m.list) + '\n' + safeText(m.body) + '\n');
      } finally { db.close(); }
    });
}

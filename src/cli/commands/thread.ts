import { Command } from 'commander';
import { resolveDbPath } from '../../core/config';
import { openDb } from '../../store/db';
import { threadOf, threadMbox, type ThreadEntry } from '../../api/messages';
import { printJson } from '../output';
import { safeText } from '../text';

// benchmail thread ID [--json|--mbox]: the whole thread of a message, nested by reply.
export function register(program: Command): void {
  program.command('thread')
    .description('the whole thread of a message, nested by reply, oldest first')
    .argument('<id>', 'Message-ID, <id>, id:..., or a lore URL')
    .option('--db <path>', 'database file')
    .option('--json', 'machine-readable output')
    .option('--mbox', 'the thread as mboxrd, byte-exact messages')
    .action((id: string, o: { db?: string; json?: boolean; mbox?: boolean }) => {
      const db = openDb(resolveDbPath(o.db), { readonly: true });
      try {
        if (o.mbox) { process.stdout.write(threadMbox(db, id)); return; }
        const t = threadOf(db, id);
        if (o.json) { printJson(t); return; }
        process.stdout.write(`thread ${t.threadId} (${t.list}, ${t.messages} messages)\n`);
        const walk = (es: ThreadEntry[]) => {
          for (const e of es) {
            const pad = '  '.repeat(e.depth);
            process.stdout.write(e.placeholder ? `${pad}[not in the archive] <${safeText(e.messageId)}>\n`
              : `${pad}${(e.date ?? '').slice(0, 10)}  ${safeText(e.from)}: ${safeText(e.subject)}  <${safeText(e.messageId)}>\n`);
            walk(e.children);
          }
        };
        walk(t.tree);
      } finally { db.close(); }
    });
}

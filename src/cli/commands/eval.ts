import { Command } from 'commander';
import { resolveDbPath } from '../../core/config';
import { openDb } from '../../store/db';
import { evaluate } from '../../api/eval';
import { printJson } from '../output';

// benchmail eval --gold DIR [--json] [--verbose]
export function register(program: Command): void {
  program.command('eval')
    .description('score the stored figures of the labelled messages against a gold set (precision, recall, F1)')
    .requiredOption('--gold <dir>', 'directory with messages.txt and labels.jsonl')
    .option('--db <path>', 'database file')
    .option('--json', 'machine-readable scores')
    .option('--verbose', 'list every false positive and false negative with its text')
    .action((o: { gold: string; db?: string; json?: boolean; verbose?: boolean }) => {
      const db = openDb(resolveDbPath(o.db), { readonly: true });
      let r;
      try { r = evaluate(db, o.gold); } finally { db.close(); }
      const { falsePositives, falseNegatives } = r;
      if (r.missing.length) {
        process.stderr.write(`Note: ${r.missing.length} labelled message${r.missing.length === 1 ? ' is' : 's are'} not in the database; their labels count as missed (import them first)\n`);
      }
      if (o.json) {
        const keys = { precision: r.precision, recall: r.recall, f1: r.f1, tp: r.tp, fp: r.fp, fn: r.fn,
          quotedAccuracy: r.quotedAccuracy, quotedFromAccuracy: r.quotedFromAccuracy, toolAccuracy: r.toolAccuracy };
        printJson(o.verbose ? { ...keys, falsePositives, falseNegatives } : keys);
        return;
      }
      const pct = (x: number) => (x * 100).toFixed(1) + '%';
      const out = [
        `messages    ${r.messages} labelled${r.missing.length ? `, ${r.missing.length} not in the database (their labels count as missed; import them first)` : ''}`,
        `precision   ${pct(r.precision)}  (${r.tp} of ${r.tp + r.fp} figures found are labelled)`,
        `recall      ${pct(r.recall)}  (${r.tp} of ${r.tp + r.fn} labelled figures found)`,
        `F1          ${pct(r.f1)}`,
        `quoted      ${pct(r.quotedAccuracy)} correct over matches`,
        `quotedFrom  ${pct(r.quotedFromAccuracy)} correct over matches`,
        `tool        ${pct(r.toolAccuracy)} correct over matches`,
      ];
      if (o.verbose) {
        out.push('', `False positives (${falsePositives.length}):`);
        for (const p of falsePositives) out.push(`  FP <${p.messageId}> ${p.value} ${p.unit} (${p.canonicalValue} ${p.canonicalUnit}): ${p.text}`);
        out.push('', `False negatives (${falseNegatives.length}):`);
        for (const g of falseNegatives) out.push(`  FN <${g.messageId}> ${g.value} ${g.unit} (${g.canonicalValue} ${g.canonicalUnit}): ${g.text}`);
      }
      process.stdout.write(out.join('\n') + '\n');
    });
}

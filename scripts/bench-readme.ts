// node dist/scripts/bench-readme.js [RESULTS.json...]
// Rewrites the README's performance section from bench results files, one after another
// (default: the newest full run in bench/results/), only between the markers <!-- bench:start --> and
// <!-- bench:end -->; everything outside them is left byte for byte.
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/core/config';
import { renderTables, type Results } from '../bench/report';

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

function newestResults(dir: string): string | null {
  // Full runs only: --quick files are for development and say little about scale.
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json') && !f.includes('-quick')) : [];
  if (!files.length) return null;
  const dated = files.map((f) => {
    const r = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { date?: string };
    return { f, date: r.date ?? '' };
  }).sort((a, b) => (a.date < b.date ? 1 : -1));
  return path.join(dir, dated[0].f);
}

export function section(r: Results, file: string): string {
  const m = r.machine as { cpuModel: string; cores: number; memoryMB: number; node: string; loadAvgStart: number[]; loadAvgEnd?: number[] };
  const peers = r.peers.filter((p) => p.available).map((p) => p.version).join(', ');
  return [
    `Measured by \`${r.command.replace(/ --$/, '')}\` on ${r.date.slice(0, 10)} at ${r.git} (${m.cpuModel}, ${m.cores} cores, ${Math.round(m.memoryMB / 1024)} GB, Node ${m.node};`,
    `load average ${m.loadAvgStart.join('/')} at the start${m.loadAvgEnd ? `, ${m.loadAvgEnd.join('/')} at the end` : ''}: other jobs shared the machine, so read medians and ratios, not absolutes).`,
    `Peers: ${peers || 'none'}. Raw timings: [${path.relative(PROJECT_ROOT, file)}](${path.relative(PROJECT_ROOT, file)}); method: [docs/bench.md](docs/bench.md).`,
    '',
    renderTables(r),
    ...(r.notes.length ? ['', ...r.notes.map((n) => `- ${n}`)] : []),
  ].join('\n');
}

/** The text with only what lies between the markers replaced; null when a marker is missing. */
export function rewriteBetweenMarkers(text: string, body: string): string | null {
  const a = text.indexOf(START);
  const b = a < 0 ? -1 : text.indexOf(END, a + START.length);
  if (a < 0 || b < 0) return null;
  return text.slice(0, a + START.length) + '\n' + body + '\n' + text.slice(b);
}

function main(): void {
  const given = process.argv.slice(2).map((f) => path.resolve(f));
  const newest = given.length ? null : newestResults(path.join(PROJECT_ROOT, 'bench', 'results'));
  const files = given.length ? given : newest ? [newest] : [];
  if (!files.length) { process.stderr.write('bench-readme: no results in bench/results/: run `npm run bench` first\n'); process.exit(1); }
  const readme = path.join(PROJECT_ROOT, 'README.md');
  const text = fs.existsSync(readme) ? fs.readFileSync(readme, 'utf8') : '';
  const body = files.map((f) => section(JSON.parse(fs.readFileSync(f, 'utf8')) as Results, f)).join('\n\n---\n\n');
  const next = rewriteBetweenMarkers(text, body);
  if (next === null) {
    process.stderr.write(`bench-readme: README.md has no ${START} ... ${END} markers; left unchanged\n`);
    process.exit(1);
  }
  if (next !== text) fs.writeFileSync(readme, next);
  process.stderr.write(`bench-readme: README.md performance section ${next === text ? 'already current' : 'rewritten'} from ${files.map((f) => path.relative(PROJECT_ROOT, f)).join(', ')}\n`);
}

if (require.main === module) main();

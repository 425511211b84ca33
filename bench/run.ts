// npm run bench [-- --size 5000,50000] [--quick] [--runs N] [--pairs N] [--peer-size N] [--peer-runs N]
//   [--pi-runs N] [--peers notmuch,mu,public-inbox|none] [--query-runs N] [--web-duration S]
//   [--no-web] [--no-readme] [--keep]
// Import, query and web timings of benchmail against notmuch, mu and public-inbox on a
// generated LKML-like archive; writes bench/results/<date>-<sha>.json and the README section.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { PROJECT_ROOT } from '../src/core/config';
import { ensureCorpus, type Corpus } from './corpus';
import { preparePeers, peerQueryCommands, PEERS, type PeerName } from './peers';
import { oursImport, peerImport, floor, FLOORS, type ImportRun } from './import';
import { oursQueries, peerQueries, pickThread } from './queries';
import { webBench } from './web';
import { summarize, renderTables, writeResults, pairOrder, niceNote, type Results, type ImportSet } from './report';

interface Options {
  sizes: number[]; runs: number; pairs: number; peerSize: number; peerRuns: number; piRuns: number; peers: PeerName[];
  queryRuns: number; queryBudgetS: number; webDurationS: number; connections: number; web: boolean; readme: boolean;
  quick: boolean; keep: boolean; seed: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { sizes: [50000], runs: 3, pairs: 5, peerSize: 5000, peerRuns: 3, piRuns: 1, peers: [...PEERS], queryRuns: 20, queryBudgetS: 60,
    webDurationS: 5, connections: 10, web: true, readme: true, quick: false, keep: false, seed: 1 };
  const set: Record<string, boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { const v = argv[++i]; if (v === undefined) throw new Error(`${a} needs a value`); return v; };
    const int = () => { const n = Number(val()); if (!Number.isInteger(n) || n < 0) throw new Error(`${a} needs a whole number`); return n; };
    set[a] = true;
    if (a === '--quick') o.quick = true;
    else if (a === '--size') o.sizes = val().split(',').map((x) => Number(x)).filter((n) => Number.isInteger(n) && n > 0);
    else if (a === '--runs') o.runs = int();
    else if (a === '--pairs') o.pairs = int();
    else if (a === '--peer-size') o.peerSize = int();
    else if (a === '--peer-runs') o.peerRuns = int();
    else if (a === '--pi-runs') o.piRuns = int();
    else if (a === '--peers') { const v = val(); o.peers = v === 'none' ? [] : v.split(',') as PeerName[]; }
    else if (a === '--query-runs') o.queryRuns = int();
    else if (a === '--query-budget') o.queryBudgetS = int();
    else if (a === '--web-duration') o.webDurationS = int();
    else if (a === '--connections') o.connections = int();
    else if (a === '--seed') o.seed = int();
    else if (a === '--no-web') o.web = false;
    else if (a === '--no-readme') o.readme = false;
    else if (a === '--keep') o.keep = true;
    else throw new Error(`unknown option ${a} (see docs/bench.md)`);
  }
  if (o.quick) {
    if (!set['--size']) o.sizes = [5000];
    if (!set['--runs']) o.runs = 1;
    if (!set['--pairs']) o.pairs = 1;
    if (!set['--peer-runs']) o.peerRuns = 1;
    if (!set['--query-budget']) o.queryBudgetS = 20;
    if (!set['--web-duration']) o.webDurationS = 3;
  }
  if (!o.sizes.length) throw new Error('--size needs sizes like 5000,50000');
  for (const p of o.peers) if (!PEERS.includes(p)) throw new Error(`unknown peer ${p}: one of ${PEERS.join(', ')}`);
  if (!set['--peer-size']) o.peerSize = Math.min(o.peerSize, ...o.sizes);
  return o;
}

const log = (s: string) => process.stderr.write(s + '\n');

function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  let memAvailableMB: number | null = null;
  try { const m = /MemAvailable:\s+(\d+)/.exec(fs.readFileSync('/proc/meminfo', 'utf8')); if (m) memAvailableMB = Math.round(Number(m[1]) / 1024); } catch { /* not Linux */ }
  return {
    cpuModel: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryMB: Math.round(os.totalmem() / 2 ** 20), memAvailableMB,
    node: process.version, os: `${os.type()} ${os.release()}`, loadAvgStart: os.loadavg().map((x) => Number(x.toFixed(2))),
    // inherited by every timed run: a niced bench yields to everything else on a shared machine
    nice: os.getPriority(),
  };
}

function gitSha(): { sha: string; dirty: string[] } {
  const r = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  // Others commit to this tree while we measure: say which product files differed from HEAD.
  const st = spawnSync('git', ['status', '--porcelain', '--', 'src', 'migrations'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).stdout ?? '';
  return { sha: r.stdout?.trim() || 'nogit', dirty: st.split('\n').map((l) => l.slice(3)).filter(Boolean) };
}

const fmtRun = (r: ImportRun) => `${r.wallS.toFixed(2)} s wall, ${r.cpuS?.toFixed(1) ?? '?'} s CPU, ${r.rssMB?.toFixed(0) ?? '?'} MB peak RSS` +
  (r.dbBytes ? `, ${(r.dbBytes / 1e6).toFixed(1)} MB on disk` : '');

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const root = PROJECT_ROOT;
  const shared = path.resolve(root, '..', 'shared');
  const cache = path.join(root, 'bench', 'cache');
  const work = path.join(cache, 'work');
  const t0 = Date.now();
  const notes: string[] = [];
  const note = (s: string) => { notes.push(s); log(`bench: ${s}`); };

  const git = gitSha();
  const results: Results = {
    schema: 1, date: new Date().toISOString(), git: git.sha, gitDirty: git.dirty, command: ['npm run bench --', ...process.argv.slice(2)].join(' '),
    machine: machine(), options: { ...o }, peers: [], corpora: [], imports: [], queries: [], web: null, notes,
  };
  log(`bench: ${results.machine.cpuModel} x${results.machine.cores}, load ${(results.machine.loadAvgStart as number[]).join(' ')}; sizes ${o.sizes.join(', ')}, ${o.runs} run(s) each`);

  const niced = niceNote(results.machine.nice as number);
  if (niced) note(niced);
  results.peers = preparePeers(o.peers, log);
  for (const p of results.peers) if (!p.available) note(`${p.name} ${p.note}`);
  const peers = results.peers.filter((p) => p.available).map((p) => p.name as PeerName);

  const corpora = new Map<number, Corpus>();
  const corpus = async (n: number) => {
    if (!corpora.has(n)) {
      const c = await ensureCorpus(shared, cache, n, o.seed);
      corpora.set(n, c);
      results.corpora.push({ messages: c.messages, seed: c.seed, key: c.key, mboxBytes: c.mboxBytes, generatedS: c.generatedS });
    }
    return corpora.get(n)!;
  };
  const addSet = (system: string, c: Corpus, note?: string): ImportSet => {
    const s: ImportSet = { system, size: c.messages, mboxBytes: c.mboxBytes, runs: [], note };
    results.imports.push(s);
    return s;
  };

  // Our import at every size (the floors beside it), fresh database each run. The last full
  // database of each size is kept for the queries and the web pages.
  const ourDb = new Map<number, string>();
  const allSizes = [...new Set([...o.sizes, ...(peers.length ? [o.peerSize] : [])])].sort((a, b) => a - b);
  for (const n of allSizes) {
    const c = await corpus(n);
    for (const mode of FLOORS) {
      const s = addSet(`floor: ${mode}`, c, mode === 'read' ? 'read the mbox' : mode === 'split' ? 'read + split into messages' : 'read + split + SHA-256 each message');
      for (let i = 0; i < o.runs; i++) s.runs.push(await floor(root, mode, c));
      log(`bench: ${n} floor ${mode}: ${s.runs.map((r) => r.wallS.toFixed(2)).join(', ')} s`);
    }
    // Full and --no-extract alternate, so each pair runs close in time (and, while others
    // rebuild dist/, most likely on the same build): the extraction share comes from pairs,
    // and which one goes first alternates too (pairOrder). Five pairs: on this shared
    // 2-core machine single pairs at 50k ranged from 15% to 40% within one run.
    const sets = [addSet('benchmail', c), addSet('benchmail --no-extract', c)];
    for (let i = 0; i < o.pairs; i++) {
      for (const extract of pairOrder(i)) {
        const s = sets[extract ? 0 : 1];
        const dir = path.join(work, `ours-${n}-${extract ? 'full' : 'noex'}`);
        const r = await oursImport(root, c, dir, extract);
        s.runs.push(r);
        log(`bench: ${n} ${s.system} run ${i + 1}/${o.pairs}: ${fmtRun(r)} [build ${r.code}]`);
        if (extract) ourDb.set(n, path.join(dir, 'bench.db'));
      }
    }
  }

  // Peers at the peer size: a few minutes per 50,000 messages each, so by default at 5,000.
  const peerImports = new Map<PeerName, Awaited<ReturnType<typeof peerImport>>>();
  if (peers.length) {
    const c = await corpus(o.peerSize);
    for (const p of peers) {
      const runs = p === 'public-inbox' ? o.piRuns : o.peerRuns;
      const s = addSet(p, c, p === 'public-inbox' ? 'public-inbox-init -V2 -L medium; InboxWritable->import_mbox (indexes as it imports, no fsync); public-inbox-index --no-fsync'
        : p === 'notmuch' ? 'notmuch new on the Maildir, fresh database' : 'mu init && mu index, fresh --muhome');
      for (let i = 0; i < runs; i++) {
        try {
          const r = await peerImport(p, c, path.join(work, `peer-${p}`));
          s.runs.push(r.run);
          peerImports.set(p, r);
          log(`bench: ${c.messages} ${p} run ${i + 1}/${runs}: ${fmtRun(r.run)}`);
        } catch (e) { note(`${p} import failed: ${(e as Error).message.slice(0, 300)}`); break; }
      }
    }
  }

  // Queries: on the peer-size archive with every peer; and on our largest archive, ours alone.
  const qo = { runs: o.queryRuns, budgetS: o.queryBudgetS };
  const largest = Math.max(...o.sizes);
  const querySizes = [...new Set([...(peers.length ? [o.peerSize] : []), largest])];
  for (const n of querySizes) {
    const dbFile = ourDb.get(n)!;
    const thread = pickThread(dbFile);
    log(`bench: queries on ${n} messages (thread ${thread.messageId}, ${thread.size} messages)`);
    const timings = await oursQueries(root, dbFile, thread.messageId, qo);
    if (n === o.peerSize) {
      for (const p of peers) {
        const imp = peerImports.get(p);
        if (!imp) continue;
        const cmds = peerQueryCommands(p, imp.imp, ['regression', 'throughput'], thread.messageId);
        if (!cmds.search && !cmds.thread) { note(`${p}: ${cmds.threadNote}; no query timings`); continue; }
        try { timings.push(...await peerQueries(p, cmds, imp.imp.env, qo)); } catch (e) { note(`${p} queries failed: ${(e as Error).message.slice(0, 300)}`); }
      }
    }
    for (const t of timings) log(`bench: ${n} ${t.who} ${t.how} ${t.name}: ${t.medianMs.toFixed(2)} ms median of ${t.runs}${t.note ? ` (${t.note})` : ''}`);
    results.queries.push({ size: n, thread, timings });
  }

  if (o.web) {
    log(`bench: web pages on ${largest} messages, ${o.webDurationS} s each`);
    const w = await webBench(root, ourDb.get(largest)!, { durationS: o.webDurationS, connections: o.connections }, log);
    results.web = { size: largest, ...w };
  }

  results.machine.loadAvgEnd = os.loadavg().map((x) => Number(x.toFixed(2)));
  results.machine.benchSeconds = Math.round((Date.now() - t0) / 1000);
  results.summary = summarize(results);
  const file = writeResults(path.join(root, 'bench', 'results'), results, o.quick ? '-quick' : '');
  process.stdout.write(renderTables(results) + '\n\n');
  log(`bench: wrote ${path.relative(root, file)} in ${results.machine.benchSeconds} s (load average at the end ${(results.machine.loadAvgEnd as number[]).join(' ')})`);
  if (!o.keep) fs.rmSync(work, { recursive: true, force: true });
  if (o.readme && !o.quick) {
    const r = spawnSync(process.execPath, [path.join(root, 'dist', 'scripts', 'bench-readme.js'), file], { stdio: 'inherit' });
    if (r.status !== 0) log('bench: the README section was not rewritten (see above)');
  }
}

main().catch((e) => { log(`bench: ${(e as Error).stack ?? e}`); process.exit(1); });

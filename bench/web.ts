// Web pages under load: `benchmail serve` on 127.0.0.1 in its own process, autocannon
// (10 connections, a bounded duration) in ours. Each page kind cycles through many URLs
// so no single page sits in a cache: message pages, thread pages, search pages.
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { openDb } from '../src/store/db';
import { SEARCH_TERMS } from './queries';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const autocannon = require('autocannon') as (o: Record<string, unknown>) => Promise<AutocannonResult>;
interface AutocannonResult {
  latency: { p50: number; p99: number; average: number; max: number };
  requests: { average: number; total: number };
  errors: number; non2xx: number; timeouts: number; duration: number;
}

export interface WebTiming {
  page: 'message' | 'thread' | 'search'; cache: 'cold' | 'hot'; urls: number; p50Ms: number; p99Ms: number; reqPerS: number;
  requests: number; errors: number; non2xx: number; durationS: number; connections: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
  });
}

async function waitReady(url: string, proc: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (proc.exitCode !== null) throw new Error(`benchmail serve exited with ${proc.exitCode}`);
    try { const r = await fetch(url); await r.arrayBuffer(); if (r.ok) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`benchmail serve did not answer at ${url}`);
}

/**
 * Sample URLs: every k-th message by id (deterministic), list name from the database; search
 * queries are pairs of words from those messages' subjects. 2,000 of each outnumber the site's
 * page cache (an LRU of 500), so cycling through them in order measures rendering ("cold");
 * the first 20 alone measure cache hits ("hot").
 */
function samplePaths(dbFile: string, n: number): { message: string[]; thread: string[]; search: string[] } {
  const db = openDb(dbFile, { readonly: true });
  try {
    const total = (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
    const step = Math.max(1, Math.floor(total / n));
    const rows = db.prepare('SELECT m.message_id AS id, l.name AS list, m.subject FROM messages m JOIN lists l ON l.id = m.list_id WHERE m.id % ? = 0 ORDER BY m.id LIMIT ?')
      .all(step, n) as { id: string; list: string; subject: string }[];
    const base = rows.map((r) => `/${encodeURIComponent(r.list)}/${encodeURIComponent(r.id)}/`);
    const words: string[] = [];
    for (const r of rows) {
      for (const w of r.subject.toLowerCase().split(/[^a-z]+/)) if (w.length >= 5 && !words.includes(w) && words.length < 64) words.push(w);
    }
    const search: string[] = [`/all/?q=${encodeURIComponent(SEARCH_TERMS.join(' '))}`];
    for (let i = 0; i < words.length && search.length < n; i++) {
      for (let j = i + 1; j < words.length && search.length < n; j++) search.push(`/all/?q=${encodeURIComponent(`${words[i]} ${words[j]}`)}`);
    }
    return { message: base, thread: base.map((p) => `${p}T/`), search };
  } finally { db.close(); }
}

export async function webBench(root: string, dbFile: string, o: { durationS: number; connections: number }, log: (s: string) => void):
  Promise<{ pages: WebTiming[]; serverRssMB: number | null }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(path.dirname(dbFile), `serve-${port}.log`);
  const fd = fs.openSync(logFile, 'a');
  const proc = spawn(process.execPath, [path.join(root, 'bin', 'benchmail.js'), 'serve', '--db', dbFile, '--port', String(port), '--host', '127.0.0.1'],
    { stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  const pages: WebTiming[] = [];
  let serverRssMB: number | null = null;
  try {
    await waitReady(`${url}/`, proc);
    const paths = samplePaths(dbFile, 2000);
    for (const [page, cache] of [['message', 'cold'], ['thread', 'cold'], ['search', 'cold'], ['message', 'hot'], ['thread', 'hot'], ['search', 'hot']] as const) {
      const list = cache === 'hot' ? paths[page].slice(0, 20) : paths[page];
      // every URL answers 200 before we load it (a 404 page is fast and would flatter us)
      for (const p of list.slice(0, 20)) { const r = await fetch(url + p); await r.arrayBuffer(); if (!r.ok) throw new Error(`GET ${p} -> ${r.status} (see ${logFile})`); }
      const r = await autocannon({ url, connections: o.connections, duration: o.durationS, requests: list.map((p) => ({ method: 'GET', path: p })) });
      pages.push({
        page, cache, urls: list.length, p50Ms: r.latency.p50, p99Ms: r.latency.p99, reqPerS: r.requests.average, requests: r.requests.total,
        errors: r.errors + r.timeouts, non2xx: r.non2xx, durationS: r.duration, connections: o.connections,
      });
      log(`bench: web ${page} (${cache}, ${list.length} URLs): p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${r.requests.average} req/s (${r.non2xx} non-2xx, ${r.errors} errors)`);
    }
    try { const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${proc.pid}/status`, 'utf8')); if (m) serverRssMB = Number(m[1]) / 1024; } catch { /* not Linux */ }
  } finally {
    proc.kill('SIGTERM');
    await new Promise((r) => (proc.exitCode !== null ? r(null) : proc.once('exit', r)));
  }
  return { pages, serverRssMB };
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/core/config';
import { openDb } from '../../src/store/db';
import { importPaths } from '../../src/api/import';
import { startServer, type RunningServer } from '../../src/web/server';

// Real parts only: the real corpus imported by the real importer into a temp
// SQLite file, served by the real server on an ephemeral 127.0.0.1 port.

export const SHARED = path.resolve(PROJECT_ROOT, '..', 'shared');
export const CORPUS = path.join(SHARED, 'corpus');
export const SEED_ID = '20010507213048.A17014@netppl.fi';
export const ARTIFACTS = path.join(PROJECT_ROOT, 'test-artifacts');

export function corpusFiles(): string[] {
  return fs.readdirSync(CORPUS).filter((f) => f.endsWith('.mbox')).sort().map((f) => path.join(CORPUS, f));
}

export function tempDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `benchmail-web-${name}-`));
}

/** Imports mbox files into a fresh database file; returns its path. */
export async function buildArchive(dir: string, files: string[], list = 'lkml'): Promise<string> {
  const dbPath = path.join(dir, 'archive.db');
  const db = openDb(dbPath);
  try {
    await importPaths(db, files, { list, threads: 0 });
  } finally {
    db.close();
  }
  return dbPath;
}

export async function importInto(dbPath: string, files: string[], list = 'lkml'): Promise<void> {
  const db = openDb(dbPath);
  try { await importPaths(db, files, { list, threads: 0 }); } finally { db.close(); }
}

export async function serve(dbPath: string): Promise<RunningServer> {
  return startServer({ dbPath, host: '127.0.0.1', port: 0 });
}

export async function get(base: string, p: string, init?: RequestInit): Promise<{ status: number; headers: Headers; text: string; body: Buffer }> {
  const r = await fetch(base + p, { redirect: 'manual', ...init });
  const body = Buffer.from(await r.arrayBuffer());
  return { status: r.status, headers: r.headers, text: body.toString('utf8'), body };
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

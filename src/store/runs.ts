import type Database from 'better-sqlite3';
import type { DB } from './db';
import { RAW_COLS, rawReaderOf, type StoredRaw } from './raw';
import type { Figure } from '../core/types';

// Runs: a figure re-measured on this machine, stored beside the figure it re-measures.
// Also the few figure reads recipes need (by id, by thread, the message around it).

/** A figure parsed from a run's output: the measurements fields, null where a run has none. */
export interface RunFigure {
  id: null; messageId: null; threadId: null; list: null;
  date: string | null;           // when the run finished
  author: null; quoted: false; quotedFrom: null; originMessageId: null;
  value: number; unit: string; canonicalValue: number; canonicalUnit: string; kind: string;
  metric: string | null; condition: string | null; tool: string | null; approx: boolean;
  text: string; start: number; end: number;  // offsets into the run's output
}

export interface RunInsert {
  figureId: number | null; messageId: string | null; figureStart: number | null; tool: string;
  command: string[]; exitStatus: number | null; output: string; figures: RunFigure[];
  environment: Record<string, unknown>; startedAt: number; finishedAt: number | null;
}

/** A run as `benchmail runs --json` prints it (the runsJson shape). */
export interface RunRecord {
  id: number;
  figureId: number | null;
  messageId: string | null;
  figureStart: number | null;
  tool: string;
  command: string[];
  exitStatus: number | null;
  output: string;
  figures: RunFigure[];
  environment: Record<string, unknown>;  // uname, cpu, cores, memoryBytes, toolVersion, run: {...}
  startedAt: string;             // ISO 8601 UTC
  finishedAt: string | null;
}

const FIGURE_SELECT = `
  SELECT f.id, m.message_id AS messageId, m.thread_id AS threadId, l.name AS list, m.date AS date,
         COALESCE(NULLIF(m.from_name, ''), m.from_addr) AS author, f.quoted, f.quoted_from AS quotedFrom,
         f.origin_message_id AS originMessageId, f.value, f.unit, f.canonical_value AS canonicalValue,
         f.canonical_unit AS canonicalUnit, f.kind, f.metric, f.condition, f.tool, f.approx, f.text,
         f.start, f."end" AS "end"
    FROM figures f JOIN messages m ON m.id = f.msg JOIN lists l ON l.id = m.list_id`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Stmt = Database.Statement<any[]>;
interface Stmts {
  figureById: Stmt;
  figuresOfThread: Stmt;
  message: Stmt;
  insertRun: Stmt;
  runsOfFigure: Stmt;
  runsOfMessageAt: Stmt;
  listRuns: Stmt;
  runById: Stmt;
  claimsOfMessage: Stmt;
  figureByMessageStart: Stmt;
  figuresNear: Stmt;
}

// Prepared once per handle (better-sqlite3 style), made on first use.
const cache = new WeakMap<DB, Stmts>();
function stmts(db: DB): Stmts {
  let s = cache.get(db);
  if (!s) {
    s = {
      figureById: db.prepare(`${FIGURE_SELECT} WHERE f.id = ?`),
      figuresOfThread: db.prepare(`${FIGURE_SELECT} WHERE m.thread_id = ? ORDER BY m.date, m.message_id, f.seq`),
      message: db.prepare(`SELECT m.message_id AS messageId, m.subject, m.from_name AS fromName, m.from_addr AS fromAddr, m.date, ${RAW_COLS}
        FROM messages m WHERE m.message_id = ?`),
      insertRun: db.prepare(`INSERT INTO runs (figure_id, message_id, figure_start, tool, command, exit_status, output, figures, environment, started_at, finished_at)
        VALUES (@figureId, @messageId, @figureStart, @tool, @command, @exitStatus, @output, @figures, @environment, @startedAt, @finishedAt)`),
      runsOfFigure: db.prepare('SELECT * FROM runs WHERE figure_id = ? ORDER BY started_at DESC, id DESC'),
      runsOfMessageAt: db.prepare('SELECT * FROM runs WHERE message_id = ? AND figure_start = ? ORDER BY started_at DESC, id DESC'),
      listRuns: db.prepare('SELECT * FROM runs ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?'),
      runById: db.prepare('SELECT * FROM runs WHERE id = ?'),
      claimsOfMessage: db.prepare('SELECT id, kind, direction, factor, figure_ids AS figureIds, text FROM claims WHERE message_id = ? ORDER BY seq'),
      figureByMessageStart: db.prepare('SELECT id FROM figures WHERE msg = (SELECT id FROM messages WHERE message_id = ?) AND start = ?'),
      figuresNear: db.prepare(`SELECT id FROM figures WHERE msg = (SELECT id FROM messages WHERE message_id = ?) AND canonical_unit = ?
        AND abs(canonical_value - ?) <= 0.01 * ? ORDER BY seq`),
    };
    cache.set(db, s);
  }
  return s;
}

const iso = (unix: number | null): string | null => (unix === null || unix === undefined ? null : new Date(unix * 1000).toISOString());

function toFigure(r: Record<string, unknown>): Figure {
  return { ...(r as unknown as Figure), date: iso(r.date as number | null), quoted: !!r.quoted, approx: !!r.approx };
}

export function figureById(db: DB, id: number): Figure | null {
  const r = stmts(db).figureById.get(id) as Record<string, unknown> | undefined;
  return r ? toFigure(r) : null;
}

export function figuresOfThread(db: DB, threadId: string): Figure[] {
  return (stmts(db).figuresOfThread.all(threadId) as Record<string, unknown>[]).map(toFigure);
}

export interface MessageRow { messageId: string; subject: string; fromName: string; fromAddr: string; date: number | null; raw: () => Buffer }
export function messageRow(db: DB, messageId: string): MessageRow | null {
  const r = stmts(db).message.get(messageId) as (Omit<MessageRow, 'raw'> & StoredRaw) | undefined;
  if (!r) return null;
  const { messageId: id, subject, fromName, fromAddr, date } = r;
  return { messageId: id, subject, fromName, fromAddr, date, raw: () => rawReaderOf(db).bytes(r) };
}

export function insertRun(db: DB, r: RunInsert): number {
  const info = stmts(db).insertRun.run({
    ...r, command: JSON.stringify(r.command), figures: JSON.stringify(r.figures), environment: JSON.stringify(r.environment),
  });
  return Number(info.lastInsertRowid);
}

function toRun(r: Record<string, unknown>): RunRecord {
  return {
    id: r.id as number,
    figureId: r.figure_id as number | null,
    messageId: r.message_id as string | null,
    figureStart: r.figure_start as number | null,
    tool: r.tool as string,
    command: JSON.parse(r.command as string),
    exitStatus: r.exit_status as number | null,
    output: r.output as string,
    figures: JSON.parse(r.figures as string),
    environment: JSON.parse(r.environment as string),
    startedAt: iso(r.started_at as number)!,
    finishedAt: iso(r.finished_at as number | null),
  };
}

export function runById(db: DB, id: number): RunRecord | null {
  const r = stmts(db).runById.get(id) as Record<string, unknown> | undefined;
  return r ? toRun(r) : null;
}

export function listRuns(db: DB, opts: { limit?: number; offset?: number } = {}): RunRecord[] {
  return (stmts(db).listRuns.all(opts.limit ?? 1000, opts.offset ?? 0) as Record<string, unknown>[]).map(toRun);
}

/**
 * Runs of one figure, newest first. A run keeps the figure's message and start offset,
 * so it still finds its figure after `reextract` renumbers figure ids.
 */
export function runsOfFigure(db: DB, f: { id: number; messageId: string; start: number }): RunRecord[] {
  const byId = (stmts(db).runsOfFigure.all(f.id) as Record<string, unknown>[]).map(toRun);
  const byPlace = (stmts(db).runsOfMessageAt.all(f.messageId, f.start) as Record<string, unknown>[]).map(toRun);
  const seen = new Set(byId.map((r) => r.id));
  return [...byId, ...byPlace.filter((r) => !seen.has(r.id))];
}

export interface ClaimRow { id: number; kind: string; direction: string | null; factor: number | null; figureIds: number[]; text: string }
export function claimsOfMessage(db: DB, messageId: string): ClaimRow[] {
  return (stmts(db).claimsOfMessage.all(messageId) as Record<string, unknown>[])
    .map((c) => ({ ...(c as unknown as ClaimRow), figureIds: JSON.parse(c.figureIds as string) as number[] }));
}

/** Then (the mail) against now (a run), in the figure's own canonical unit. */
export interface ThenNow {
  then: number;            // the figure's canonical value
  now: number;             // the run's headline, converted to the figure's canonical unit
  unit: string;            // that canonical unit
  ratio: number;           // now / then
  better: 'higher' | 'lower';
  speedup: number;         // > 1: this machine does better than the mail's
}

const BETTER: Record<string, 'higher' | 'lower'> = { 'B/s': 'higher', 'bit/s': 'higher', Hz: 'higher', s: 'lower' };

/** Converts a run's headline to the figure's unit; null when the two cannot be compared. */
export function thenNow(then: { canonicalValue: number; canonicalUnit: string }, now: { canonicalValue: number; canonicalUnit: string }): ThenNow | null {
  const unit = then.canonicalUnit;
  let v = now.canonicalValue;
  if (now.canonicalUnit !== unit) {
    if (now.canonicalUnit === 'B/s' && unit === 'bit/s') v *= 8;
    else if (now.canonicalUnit === 'bit/s' && unit === 'B/s') v /= 8;
    else if ((now.canonicalUnit === 's' && unit === 'Hz') || (now.canonicalUnit === 'Hz' && unit === 's')) v = v ? 1 / v : NaN;
    else return null;
  }
  const better = BETTER[unit];
  if (!better || !(then.canonicalValue > 0) || !(v > 0) || !Number.isFinite(v)) return null;
  const ratio = v / then.canonicalValue;
  return { then: then.canonicalValue, now: v, unit, ratio, better, speedup: better === 'higher' ? ratio : 1 / ratio };
}

/** A run with its headline figure and the then/now comparison against its figure. */
export interface RunWithRatio extends RunRecord {
  headline: RunFigure | null;   // the figure of the output that stands for the original
  approximation: string | null; // "lmbench bw_tcp" when a built-in probe stood in for the tool
  comparable: boolean;          // false when the run measured something else (loopback for a wire figure)
  note: string | null;
  thenNow: ThenNow | null;      // null when not comparable or the units do not meet
}

export interface FigureRuns { figureId: number; figure: Figure; runs: RunWithRatio[]; latest: RunWithRatio | null }

export function withRatio(run: RunRecord, figure: Figure | null): RunWithRatio {
  const meta = (run.environment.run ?? {}) as { headlineIndex?: number | null; approximates?: string | null; comparable?: boolean; note?: string | null };
  const headline = meta.headlineIndex !== undefined && meta.headlineIndex !== null ? run.figures[meta.headlineIndex] ?? null : null;
  const comparable = meta.comparable !== false;
  return {
    ...run, headline, approximation: meta.approximates ?? null, comparable, note: meta.note ?? null,
    thenNow: figure && headline && comparable ? thenNow(figure, headline) : null,
  };
}

/** For the message page and the explorer: each figure with its runs, newest first. */
export function runsForFigures(db: DB, figureIds: number[]): FigureRuns[] {
  const out: FigureRuns[] = [];
  for (const id of figureIds) {
    const figure = figureById(db, id);
    if (!figure) continue;
    const runs = runsOfFigure(db, figure).map((r) => withRatio(r, figure));
    out.push({ figureId: id, figure, runs, latest: runs[0] ?? null });
  }
  return out;
}

/** Figures of a message within 1% of a canonical value (how the seed figure is found). */
export function figureIdsNear(db: DB, messageId: string, canonicalUnit: string, canonicalValue: number): number[] {
  return stmts(db).figuresNear.pluck().all(messageId, canonicalUnit, canonicalValue, Math.abs(canonicalValue)) as number[];
}

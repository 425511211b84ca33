import type { DB } from '../store/db';
import {
  insertRun, runById, listRuns, runsForFigures, withRatio, figureById, claimsOfMessage, figureIdsNear,
  type RunWithRatio, type FigureRuns,
} from '../store/runs';
import { BenchmailError } from '../core/errors';
import { recipeForFigure, mailContext } from './recipes';
import { buildRecipe, type MailContext } from '../recipes/recipe';
import type { Recipe, Plan } from '../recipes/recipe';
import type { RecipeOptions } from '../recipes/recipe';
import { runPlan, concreteArgv, killActiveRuns } from '../recipes/runner';
import { parseOutput } from '../recipes/parse';
import { extractMessage } from '../extract/index';
import { machineEnvironment, toolVersion } from '../recipes/environment';
import { toolRecipe } from '../recipes/catalogue';

// Runs: re-measure a figure on this machine and keep the result beside it.

export interface RunOptions extends RecipeOptions {
  timeoutSeconds?: number;   // hard limit for the command; default 60
  loopback?: boolean;        // run a wire figure's recipe over 127.0.0.1 anyway (marked not comparable)
  probe?: boolean;           // use the built-in probe even when the tool is installed
}

export interface PlannedRun { recipe: Recipe; plan: Plan; display: string; comparable: boolean; note: string | null }

/** Why a figure cannot be re-run here, or null when it can (the web shows this beside the figure). */
export function whyNotRunnable(recipe: Recipe, opts: RunOptions = {}): string | null {
  if (recipe.cannotRun) return recipe.cannotRun;
  if (recipe.overWire && !opts.loopback) {
    return 'the mail measured this between two machines over a real network; benchmail runs only against 127.0.0.1, so it cannot be re-run here (pass --loopback to measure loopback anyway, marked not comparable)';
  }
  if (!recipe.plans.some((p) => p.installed)) return `none of ${recipe.plans.map((p) => p.binary).join(', ')} is installed: ${recipe.plans[0].install}`;
  return null;
}

/** Chooses what a run of this figure would execute, without executing it. */
export function planRun(db: DB, figureId: number, opts: RunOptions = {}): PlannedRun {
  const recipe = recipeForFigure(db, figureId, opts);
  const why = whyNotRunnable(recipe, opts);
  if (why) throw new BenchmailError('bad_input', `figure ${figureId} (${recipe.tool}): ${why}`);
  const plan = opts.probe ? recipe.plans.find((p) => p.kind === 'probe' && p.installed) : recipe.plans.find((p) => p.installed);
  if (!plan) throw new BenchmailError('bad_input', `figure ${figureId} (${recipe.tool}): its recipe has no built-in probe`);
  const show = (argv: string[]) => concreteArgv(argv, '$PORT', '$WORKDIR').join(' ');
  const display = [
    plan.approximates ? `built-in probe (an approximation of ${plan.approximates}):` : `${plan.kind === 'alternative' ? `${plan.tool} standing in for ${recipe.tool}` : plan.tool}:`,
    plan.server ? `  server: ${show(plan.server)}` : '',
    `  run:    ${show(plan.command)}`,
    `  limit:  ${opts.timeoutSeconds ?? 60} s, 127.0.0.1 and a temp dir only`,
  ].filter(Boolean).join('\n');
  const comparable = !recipe.overWire;
  const note = recipe.overWire ? 'the mail measured over a real network; this run measured loopback only, so it is not compared' : null;
  return { recipe, plan, display, comparable, note };
}

/** Executes a planned run, parses its output with the extractor and stores it. */
export async function executeRun(db: DB, planned: PlannedRun, opts: RunOptions = {}): Promise<RunWithRatio> {
  const { recipe, plan } = planned;
  const out = await runPlan(plan, { timeoutSeconds: opts.timeoutSeconds ?? 60 });
  const finished = new Date(out.finishedAt * 1000).toISOString();
  // Read with the extractor itself: then (the mail) and now (this run) measured with one ruler.
  const parsed = parseOutput(out.stdout, plan.headline, plan.tool, finished, plan.approximates ? 'localhost' : null, extractMessage);
  const version = plan.kind === 'probe' ? `benchmail probe (node ${process.version})` : toolVersion(toolRecipe(plan.tool)?.version);
  const figure = figureById(db, recipe.figureId)!;
  const id = insertRun(db, {
    figureId: figure.id, messageId: figure.messageId, figureStart: figure.start, tool: plan.tool,
    command: out.argv, exitStatus: out.exitStatus, output: out.stdout, figures: parsed.figures,
    environment: {
      ...machineEnvironment(version),
      run: {
        recipeTool: recipe.tool, variant: plan.variant, plan: plan.kind, approximates: plan.approximates, serverCommand: out.serverArgv,
        headlineIndex: parsed.headlineIndex, parser: parsed.parser, timedOut: out.timedOut, timeoutSeconds: opts.timeoutSeconds ?? 60,
        comparable: planned.comparable, note: planned.note, stderr: out.stderr.slice(0, 8192),
        params: Object.fromEntries(recipe.params.map((p) => [p.name, p.value])),
      },
    },
    startedAt: out.startedAt, finishedAt: out.finishedAt,
  });
  return withRatio(runById(db, id)!, figure);
}

/** Kills whatever runs are in progress (the CLI calls it on ^C). */
export function stopRuns(): void { killActiveRuns(); }

export async function runFigure(db: DB, figureId: number, opts: RunOptions = {}): Promise<RunWithRatio> {
  return executeRun(db, planRun(db, figureId, opts), opts);
}

export function runsJson(db: DB, opts: { limit?: number; offset?: number } = {}): RunWithRatio[] {
  return listRuns(db, opts).map((r) => withRatio(r, r.figureId !== null ? figureById(db, r.figureId) : null));
}

/** A figure's runs plus whether it can be re-run here and, if not, why (what the pages show). */
export interface FigureReruns extends FigureRuns { recipe: { tool: string; variant: string; what: string } | null; notRerun: string | null }

export function rerunsForFigures(db: DB, figureIds: number[]): FigureReruns[] {
  const mails = new Map<string, MailContext>(); // one decode per message, however many figures it has
  return runsForFigures(db, figureIds).map((fr) => {
    let recipe: Recipe | null = null;
    let notRerun: string | null = null;
    try {
      if (!fr.figure.tool) throw new BenchmailError('not_found', 'the mail names no tool for this figure, so there is no recipe');
      if (!mails.has(fr.figure.messageId)) mails.set(fr.figure.messageId, mailContext(db, fr.figure.messageId));
      recipe = buildRecipe(fr.figure, mails.get(fr.figure.messageId)!);
      notRerun = whyNotRunnable(recipe);
    } catch (e) { notRerun = (e as Error).message; }
    return { ...fr, recipe: recipe && { tool: recipe.tool, variant: recipe.variant, what: recipe.what }, notRerun };
  });
}

/** A claim of a message ("a factor of 2") with its figures then and, where re-run, now. */
export interface ClaimRerun {
  claimId: number; text: string; kind: string; factor: number | null;
  figures: FigureReruns[];      // the measurements compared (the claim's own factor figure left out)
  thenRatio: number | null;     // first figure / second figure, as the mail had them (same unit only)
  nowRatio: number | null;      // the same from the latest comparable runs, when both were re-run
  notRerun: string[];           // what could not be re-run and why
}

export function claimReruns(db: DB, messageId: string): ClaimRerun[] {
  return claimsOfMessage(db, messageId).map((c) => {
    // A claim links its factor ("2x", canonical unit x) and the figures it compares.
    const figures = rerunsForFigures(db, c.figureIds).filter((f) => f.figure.canonicalUnit !== 'x');
    const [a, b] = figures;
    const same = !!(a && b && a.figure.canonicalUnit === b.figure.canonicalUnit && b.figure.canonicalValue);
    const now = (f: FigureReruns | undefined) => f?.runs.find((r) => r.thenNow)?.thenNow?.now;
    const na = now(a);
    const nb = now(b);
    return {
      claimId: c.id, text: c.text, kind: c.kind, factor: c.factor, figures,
      thenRatio: same ? a.figure.canonicalValue / b.figure.canonicalValue : null,
      nowRatio: same && na && nb ? na / nb : null,
      notRerun: figures.filter((f) => f.notRerun).map((f) => `figure ${f.figureId} ("${f.figure.text}"): ${f.notRerun}`),
    };
  });
}

export const SEED_MESSAGE_ID = '20010507213048.A17014@netppl.fi';

/**
 * For `npm start` on a fresh sample database: re-runs the seed's "Socket bandwidth using
 * localhost: 141.63 MB/sec" with the loopback TCP probe (about a second) and stores it.
 * Does nothing when the figure is missing or already has a run.
 */
export async function seedSampleRuns(db: DB): Promise<{ runs: number; skipped: string | null }> {
  const rows = figureIdsNear(db, SEED_MESSAGE_ID, 'B/s', 141630000);
  if (!rows.length) return { runs: 0, skipped: `no 141.63 MB/sec figure in ${SEED_MESSAGE_ID} (not imported or not extracted)` };
  const id = rows[0];
  if (runsForFigures(db, [id])[0]?.runs.length) return { runs: 0, skipped: 'the seed figure already has a run' };
  await runFigure(db, id, { probe: true, timeoutSeconds: 15 });
  return { runs: 1, skipped: null };
}

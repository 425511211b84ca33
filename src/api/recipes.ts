import type { DB } from '../store/db';
import { figureById, figuresOfThread, messageRow } from '../store/runs';
import { BenchmailError } from '../core/errors';
import { normalizeMsgId } from '../core/msgid';
import { parseMessage } from '../ingest/parse';
import { buildRecipe, type Recipe, type MailContext, type RecipeOptions } from '../recipes/recipe';
import { recipeMd, recipeSh, recipesSh, recipeJson, runsMd, type RunLine } from '../recipes/render';
import { runsForFigures } from '../store/runs';

// What a user can ask about recipes: the recipe of one figure, or of every figure of a
// thread, as md, sh or json.

export type RecipeFormat = 'md' | 'sh' | 'json';

/** The message around a figure (subject and decoded body), read back from the stored raw bytes. */
export function mailContext(db: DB, messageId: string): MailContext {
  const m = messageRow(db, messageId);
  if (!m) return { subject: '', text: '' };
  try {
    const parsed = parseMessage(m.raw());
    return { subject: m.subject || parsed.subject, text: parsed.text };
  } catch {
    return { subject: m.subject, text: '' };
  }
}

export function recipeForFigure(db: DB, figureId: number, opts: RecipeOptions = {}): Recipe {
  const f = figureById(db, figureId);
  if (!f) throw new BenchmailError('not_found', `no figure ${figureId} in this database (see \`benchmail measurements\` for ids)`);
  return buildRecipe(f, mailContext(db, f.messageId), opts);
}

export interface ThreadRecipes { threadId: string; recipes: Recipe[]; skipped: { figureId: number; text: string; reason: string }[] }

/** Every figure of a thread that names a tool; figures without a recipe are listed with why. */
export function recipesForThread(db: DB, threadIdInput: string, opts: RecipeOptions = {}): ThreadRecipes {
  const threadId = normalizeMsgId(threadIdInput);
  const figures = figuresOfThread(db, threadId);
  if (!figures.length) throw new BenchmailError('not_found', `no figures in thread ${threadId} (is it the thread's first Message-ID?)`);
  const out: ThreadRecipes = { threadId, recipes: [], skipped: [] };
  const mails = new Map<string, MailContext>();
  for (const f of figures) {
    if (!f.tool) { out.skipped.push({ figureId: f.id, text: f.text, reason: 'names no tool' }); continue; }
    if (!mails.has(f.messageId)) mails.set(f.messageId, mailContext(db, f.messageId));
    try {
      out.recipes.push(buildRecipe(f, mails.get(f.messageId)!, opts));
    } catch (e) {
      if (!(e instanceof BenchmailError)) throw e;
      out.skipped.push({ figureId: f.id, text: f.text, reason: e.message });
    }
  }
  return out;
}

function runLines(db: DB, figureId: number): RunLine[] {
  return (runsForFigures(db, [figureId])[0]?.runs ?? []).map((x) => ({
    id: x.id, startedAt: x.startedAt, exitStatus: x.exitStatus, value: x.headline?.value ?? null, unit: x.headline?.unit ?? null,
    ratio: x.thenNow?.ratio ?? null, better: x.thenNow?.better ?? null, approximation: x.approximation, note: x.note,
  }));
}

/** A recipe as text; md and json also carry the runs already stored for the figure (when given the db). */
export function renderRecipe(r: Recipe, format: RecipeFormat, db?: DB): string {
  if (format === 'sh') return recipeSh(r);
  if (format === 'json') return JSON.stringify({ ...recipeJson(r), runs: db ? runLines(db, r.figureId) : [] }, null, 2) + '\n';
  return recipeMd(r) + (db ? `\n${runsMd(runLines(db, r.figureId))}` : '');
}

export function renderThreadRecipes(t: ThreadRecipes, format: RecipeFormat): string {
  if (format === 'json') return JSON.stringify({ threadId: t.threadId, recipes: t.recipes.map(recipeJson), skipped: t.skipped }, null, 2) + '\n';
  const skipped = t.skipped.map((s) => `figure ${s.figureId}: no recipe (${s.reason.replace(/[\r\n]+/g, ' ')})`);
  if (format === 'sh') return recipesSh(t.recipes, skipped);
  return t.recipes.map((r) => recipeMd(r)).join('\n---\n\n') + (skipped.length ? `\n## Figures without a recipe\n${skipped.map((x) => `- ${x}`).join('\n')}\n` : '');
}

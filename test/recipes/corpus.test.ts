import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { PROJECT_ROOT } from '../../src/core/config';
import type { DB } from '../../src/store/db';
import { recipeForFigure, recipesForThread, renderRecipe, renderThreadRecipes } from '../../src/api/recipes';
import { recipeTools, toolRecipe } from '../../src/recipes/catalogue';
import { corpusDb, tempDir } from './fixture';

// Recipes for real figures: every catalogue tool the corpus mentions gets a recipe,
// in all three formats, and every generated script passes shellcheck.

let dir: string;
let db: DB;
const extractCatalogue = path.join(PROJECT_ROOT, 'src', 'extract', 'data', 'tools.json');

before(async () => { dir = tempDir(); db = (await corpusDb(dir)).db; });
after(() => { db.close(); fs.rmSync(dir, { recursive: true, force: true }); });

function catalogueNames(): string[] {
  const t = JSON.parse(fs.readFileSync(extractCatalogue, 'utf8')) as { tools: { name: string }[] };
  return t.tools.map((x) => x.name);
}

test('every recipe key is a catalogue tool (or files itself under one) and every catalogue tool has a recipe', () => {
  const names = new Set(catalogueNames());
  for (const key of recipeTools()) {
    const under = toolRecipe(key)!.catalogueTool;
    assert.ok(names.has(key) || (under && names.has(under)), `recipes.json key ${key} is not in the extractor's catalogue`);
  }
  for (const n of names) assert.ok(toolRecipe(n), `catalogue tool ${n} has no recipe`);
});

function oneFigurePerTool(): Map<string, number> {
  const rows = db.prepare('SELECT tool, min(id) AS id FROM figures WHERE tool IS NOT NULL GROUP BY tool').all() as { tool: string; id: number }[];
  return new Map(rows.map((r) => [r.tool, r.id]));
}

test('a recipe for a figure of every catalogue tool found in the corpus, in md, sh and json', () => {
  const names = new Set(catalogueNames());
  const perTool = oneFigurePerTool();
  const found = [...perTool.keys()].filter((t) => names.has(t));
  assert.ok(found.length >= 10, `expected figures of many tools in the corpus, got ${found.join(', ')}`);
  for (const tool of found) {
    const r = recipeForFigure(db, perTool.get(tool)!);
    assert.equal(toolRecipe(r.tool)?.catalogueTool ?? r.tool, tool);
    assert.ok(r.plans.length >= 1 && r.plans[0].command.length >= 1, `${tool}: no command`);
    assert.ok(r.install.debian || r.install.source, `${tool}: no install note`);
    assert.equal(r.reproduces.messageId.length > 0, true);
    const md = renderRecipe(r, 'md');
    assert.match(md, new RegExp(`Reproduces\\*\\* ${r.reproduces.value}`));
    assert.match(md, /\| kernel \|/);
    const json = JSON.parse(renderRecipe(r, 'json'));
    assert.equal(json.figureId, perTool.get(tool));
    assert.match(renderRecipe(r, 'sh'), /^#!\/bin\/sh\n/);
  }
});

test('generated sh passes shellcheck, for one figure per tool and for whole threads', () => {
  const scripts: string[] = [];
  for (const id of oneFigurePerTool().values()) {
    try { scripts.push(renderRecipe(recipeForFigure(db, id), 'sh')); } catch { /* tools outside the catalogue have no recipe */ }
  }
  // Whole-thread scripts too (bounded: the four threads with the fewest tool figures, plus the seed's).
  const threads = db.prepare(`SELECT m.thread_id FROM figures f JOIN messages m ON m.id = f.msg WHERE f.tool IS NOT NULL
    GROUP BY m.thread_id ORDER BY (m.thread_id = (SELECT thread_id FROM messages WHERE message_id = ?)) DESC, count(*) LIMIT 5`)
    .pluck().all('20010507213048.A17014@netppl.fi') as string[];
  for (const t of threads) scripts.push(renderThreadRecipes(recipesForThread(db, t), 'sh'));
  assert.ok(scripts.length > 10);
  const files = scripts.map((s, i) => { const f = path.join(dir, `recipe-${i}.sh`); fs.writeFileSync(f, s); return f; });
  // shellcheck exits 1 and prints every finding when a script is not clean.
  const out = (() => {
    try { return execFileSync('shellcheck', ['-s', 'sh', ...files], { encoding: 'utf8' }); } catch (e) { return String((e as { stdout?: string }).stdout ?? e); }
  })();
  assert.equal(out, '', out.slice(0, 3000));
});

test('the claim environment is read from the mail: kernel version of a benchmark thread', () => {
  const id = db.prepare("SELECT f.id FROM figures f JOIN messages m ON m.id = f.msg WHERE f.tool = 'dbench' AND m.subject LIKE '%2.5.68%' LIMIT 1").pluck().get() as number | undefined;
  assert.ok(id, 'a dbench figure of the 2.5.68 thread');
  const r = recipeForFigure(db, id);
  assert.match(r.environment.claim.kernel ?? '', /^2\.5\.6[0-9]/);
  assert.ok(r.environment.here.cores >= 1);
});

test('a figure whose own line names no host is local when the command above it ran against 127.0.0.1', () => {
  const rows = db.prepare("SELECT id, text FROM figures WHERE tool = 'lmbench' AND text LIKE '0.065536 %'").all() as { id: number; text: string }[];
  assert.ok(rows.length >= 1, 'lmbench 3 bw_tcp lines in the corpus');
  for (const { id } of rows) {
    const r = recipeForFigure(db, id);
    assert.equal(r.variant, 'bw_tcp');
    assert.equal(r.overWire, false, `figure ${id}`);
  }
  const wire = db.prepare("SELECT id FROM figures WHERE text LIKE 'Socket bandwidth using 192.168.9.3%'").pluck().get() as number;
  assert.equal(recipeForFigure(db, wire).overWire, true);
});

test('a recipe says when what it measures cannot be set against the figure (a dbench CPU %)', () => {
  const pct = db.prepare("SELECT id FROM figures WHERE tool = 'dbench' AND canonical_unit = '%' LIMIT 1").pluck().get() as number | undefined;
  assert.ok(pct, 'a dbench figure in % in the corpus');
  assert.match(recipeForFigure(db, pct).unitNote ?? '', /measures throughput \(B\/s\); the figure is in %/);
  const bw = db.prepare("SELECT id FROM figures WHERE text LIKE 'Socket bandwidth using localhost: 141.63%'").pluck().get() as number;
  const r = recipeForFigure(db, bw);
  assert.equal(r.unitNote, null);
  assert.equal(r.reproduces.author, 'Pekka Pietikainen');
  assert.equal(r.reproduces.quotedBy, null);
});

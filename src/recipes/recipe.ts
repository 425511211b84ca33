import fs from 'node:fs';
import path from 'node:path';
import type { Figure } from '../core/types';
import { BenchmailError } from '../core/errors';
import { toolRecipe, recipeKeyFor, pickVariant, variantRef, probeSpec, type Headline, type Variant, type ToolRecipe } from './catalogue';
import { resolveParams, type ParamValue, type RejectedParam } from './params';
import { claimEnvironment, machineEnvironment, type ClaimEnvironment, type MachineEnvironment } from './environment';

// A figure + the catalogue -> a recipe: what to install, what to run (argv templates
// with the mail's parameters filled in and checked), and what it reproduces.

export interface MailContext { subject: string; text: string }

/** One way to run the recipe: the tool itself, an alternative tool, or a built-in probe. */
export interface Plan {
  kind: 'tool' | 'alternative' | 'probe';
  tool: string;                 // the binary's tool (iperf3 when standing in for iperf)
  variant: string;
  binary: string;               // what must be on PATH ("node" for a probe)
  installed: boolean;
  server: string[] | null;      // argv templates; {port} and {workdir} are filled at run time
  command: string[];
  stdin: string | null;
  headline: Headline;
  fixedPort: number | null;     // the server's own port when it cannot be chosen
  output: 'stdout' | 'both';    // which streams hold the results
  approximates: string | null;  // set for probes
  install: string;              // one line: how to get it
}

export interface Recipe {
  figureId: number;
  tool: string;
  title: string;
  variant: string;
  what: string;
  reproduces: {
    value: number; unit: string; canonicalValue: number; canonicalUnit: string; text: string; metric: string | null;
    condition: string | null; author: string; date: string | null; messageId: string; threadId: string; subject: string; quoted: boolean;
    quotedBy: string | null;          // for a quoted figure: who quoted it (author is who first said it)
    originMessageId: string | null;   // the message that first said a quoted figure, when known
  };
  install: { debian: string | null; source: string | null };
  params: ParamValue[];
  rejected: RejectedParam[];
  plans: Plan[];                // in the order a run tries them
  network: boolean;
  overWire: boolean;            // the mail measured between machines; a run here is loopback only
  cannotRun: string | null;     // why `benchmail run` will not run it, when it will not
  unitNote: string | null;      // set when what the recipe measures cannot be set against this figure
  environment: { claim: ClaimEnvironment; here: MachineEnvironment };
}

const LOCAL_HINT = /\b(?:localhost|loopback|127\.0\.0\.1|lo|local(?:ly)?|same (?:box|machine|host))\b/i;
const REMOTE_HINT = /\b(?!127\.)[0-9]{1,3}(?:\.[0-9]{1,3}){3}\b|\busing [A-Za-z][A-Za-z0-9.-]{0,60}:/;
export const PROBES_DIR = path.join(__dirname, 'probes');

/** Is a binary on PATH? (No shell: walk PATH ourselves.) */
export function onPath(binary: string): boolean {
  if (binary.includes('/')) return fs.existsSync(binary);
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (!dir) continue;
    try { fs.accessSync(path.join(dir, binary), fs.constants.X_OK); return true; } catch { /* next */ }
  }
  return false;
}

function fill(template: string[], params: Record<string, ParamValue>): string[] {
  return template.map((arg) => arg.replace(/\{([a-z]{1,20})(\/2)?\}/g, (whole, name: string, half?: string) => {
    const p = params[name];
    if (!p) return whole; // {port}, {workdir}, {probe:x} stay for the runner / sh writer
    return half ? String(Math.max(1, Math.floor(Number(p.value) / 2))) : p.value;
  }));
}

function installLine(r: ToolRecipe): string {
  return r.install.debian ? `apt-get install ${r.install.debian}` : r.install.source ?? 'not packaged';
}

/** Every way to run the recipe, in the order a run tries them; `local` has the host forced to 127.0.0.1. */
function plansFor(tool: string, recipe: ToolRecipe, variant: Variant, local: Record<string, ParamValue>): Plan[] {
  const plans: Plan[] = [];
  const binary = recipe.binary ?? variant.command[0];
  const stdin = variant.stdin;
  plans.push({
    kind: 'tool', tool, variant: variant.id, binary, installed: onPath(binary),
    server: variant.server ? fill(variant.server, local) : null, command: fill(variant.command, local),
    stdin: stdin ? fill([stdin], local)[0] : null, headline: variant.headline, fixedPort: variant.fixedPort ?? null, output: variant.output ?? 'stdout', approximates: null, install: installLine(recipe),
  });
  for (const ref of variant.alternatives ?? []) {
    const alt = variantRef(ref);
    if (!alt) continue;
    // The alternative tool's own parameters at their defaults (the mail spoke of the first tool).
    const altParams = resolveParams(alt.tool, alt.recipe.params, []).values;
    for (const k of Object.keys(altParams)) if (altParams[k].name === 'host') altParams[k] = { ...altParams[k], value: '127.0.0.1' };
    const altBinary = alt.variant.command[0];
    plans.push({
      kind: 'alternative', tool: alt.tool, variant: alt.variant.id, binary: altBinary, installed: onPath(altBinary),
      server: alt.variant.server ? fill(alt.variant.server, altParams) : null, command: fill(alt.variant.command, altParams),
      stdin: null, headline: alt.variant.headline, fixedPort: alt.variant.fixedPort ?? null, output: alt.variant.output ?? 'stdout', approximates: null, install: installLine(alt.recipe),
    });
  }
  if (variant.probe) {
    const spec = probeSpec(variant.probe);
    plans.push({
      kind: 'probe', tool, variant: variant.id, binary: 'node', installed: fs.existsSync(path.join(PROBES_DIR, spec.script)),
      server: null, command: ['node', `{probe:${variant.probe}}`, ...fill(variant.probeArgs ?? [], local)],
      stdin: null, headline: spec.headline, fixedPort: null, output: 'stdout', approximates: spec.approximates, install: 'built in (node)',
    });
  }
  return plans;
}

const MEETS: Record<string, string[]> = { 'B/s': ['B/s', 'bit/s'], 'bit/s': ['B/s', 'bit/s'], s: ['s', 'Hz'], Hz: ['s', 'Hz'] };
/** Can a run's headline unit be converted to the figure's (as store/runs.ts thenNow does)? */
function unitsMeet(now: string, then: string): boolean {
  return now === then || (MEETS[now] ?? []).includes(then);
}

/** Up to n lines before offset `at` of the decoded body (empty when the offset is outside it). */
function linesAbove(text: string, at: number, n: number): string {
  if (!(at > 0) || at > text.length) return '';
  let s = text.lastIndexOf('\n', at - 1);
  const end = s < 0 ? 0 : s;
  for (let i = 0; i < n && s > 0; i++) s = text.lastIndexOf('\n', s - 1);
  return text.slice(Math.max(0, s + 1), end).slice(-600);
}

export interface RecipeOptions { overrides?: Record<string, string> }

export function buildRecipe(figure: Figure, mail: MailContext, opts: RecipeOptions = {}): Recipe {
  if (!figure.tool) {
    throw new BenchmailError('not_found', `figure ${figure.id} ("${figure.text.slice(0, 80)}") names no tool, so there is no recipe to re-run it`);
  }
  const mailTexts = [figure.text, figure.condition ?? '', mail.text];
  const tool = recipeKeyFor(figure.tool, [figure.text, mail.subject, mail.text]);
  const recipe = toolRecipe(tool);
  if (!recipe) {
    throw new BenchmailError('not_found', `figure ${figure.id} was measured with ${figure.tool}, which has no recipe in the catalogue yet`);
  }
  // The lines just above a figure often hold the command that printed it ("./bw_tcp 127.0.0.1").
  const above = linesAbove(mail.text, figure.start, 2);
  const variant = pickVariant(recipe, { ...figure, text: `${above}\n${figure.text}` });
  const { values, rejected } = resolveParams(tool, recipe.params, mailTexts, opts.overrides ?? {});
  // What runs here always targets this machine: the mail's host is kept only as information.
  const local: Record<string, ParamValue> = { ...values };
  if (local.host) local.host = { ...local.host, value: '127.0.0.1' };
  const own = `${figure.condition ?? ''} ${figure.metric ?? ''} ${figure.text}`;
  const network = !!variant.network;
  // Local when the figure's own line says so; over the wire when it names another host;
  // otherwise the command just above it decides ("./bw_tcp 127.0.0.1").
  const measuredLocally = LOCAL_HINT.test(own) || (!REMOTE_HINT.test(own) && LOCAL_HINT.test(above));
  const overWire = network && !measuredLocally;
  return {
    figureId: figure.id,
    tool,
    title: recipe.title,
    variant: variant.id,
    what: variant.what,
    reproduces: {
      value: figure.value, unit: figure.unit, canonicalValue: figure.canonicalValue, canonicalUnit: figure.canonicalUnit,
      text: figure.text, metric: figure.metric, condition: figure.condition, author: figure.quotedFrom && figure.quoted ? figure.quotedFrom : figure.author,
      date: figure.date, messageId: figure.messageId, threadId: figure.threadId, subject: mail.subject, quoted: figure.quoted,
      quotedBy: figure.quoted ? figure.author : null, originMessageId: figure.originMessageId,
    },
    install: { debian: recipe.install.debian ?? null, source: recipe.install.source ?? null },
    params: Object.values(values),
    rejected,
    plans: plansFor(tool, recipe, variant, local),
    network,
    overWire,
    cannotRun: recipe.cannotRun ?? null,
    unitNote: unitsMeet(variant.headline.canonicalUnit, figure.canonicalUnit) ? null
      : `this recipe measures ${variant.headline.metric} (${variant.headline.canonicalUnit}); the figure is in ${figure.canonicalUnit}, so a run is shown beside it but not compared`,
    environment: { claim: claimEnvironment([mail.subject, figure.text, mail.text]), here: machineEnvironment() },
  };
}

import path from 'node:path';
import { PROJECT_ROOT } from '../core/config';
import { shQuote, shComment } from './shell';
import { probeSpec } from './catalogue';
import type { Recipe, Plan } from './recipe';

// A recipe as a shell script (every argument quoted, every mail text in a one-line
// comment), as Markdown for people, or as JSON.

const PLACEHOLDER = /(\{port\}|\{workdir\}|\{uid\}|\{probe:[a-z-]{1,40}\})/;

/** One argv element as sh: literal parts single-quoted when needed, placeholders as variables. */
export function shArg(arg: string): string {
  return arg.split(PLACEHOLDER).filter((p) => p !== '').map((p) => {
    if (p === '{port}') return '"$PORT"';
    if (p === '{workdir}') return '"$WORKDIR"';
    if (p === '{uid}') return '"$(id -u):$(id -g)"';
    const probe = /^\{probe:([a-z-]{1,40})\}$/.exec(p);
    if (probe) return `"$BENCHMAIL_HOME"/${shQuote(path.posix.join('dist/src/recipes/probes', probeSpec(probe[1]).script))}`;
    return shQuote(p);
  }).join('');
}

const shLine = (argv: string[]): string => argv.map(shArg).join(' ');

function planBody(p: Plan, indent: string): string[] {
  const out: string[] = [];
  if (p.approximates) out.push(`${indent}# built-in probe: an approximation of ${shComment(p.approximates)}, not the tool itself`);
  if (p.server) {
    out.push(`${indent}${shLine(p.server)} &`, `${indent}server=$!`, `${indent}sleep 1`);
  }
  let cmd = shLine(p.command);
  if (p.stdin) {
    const lines = p.stdin.replace(/\n$/, '').split('\n').map(shArg).join(' ');
    cmd = `printf '%s\\n' ${lines} | ${cmd}`;
  }
  out.push(`${indent}${cmd}`);
  if (p.server) out.push(`${indent}kill "$server" 2>/dev/null || true`, `${indent}wait "$server" 2>/dev/null || true`);
  return out;
}

/** Header comments and body lines of a recipe's script, so a thread can join several. */
export function recipeShParts(r: Recipe): { comments: string[]; setup: string[]; body: string[] } {
  const c = r.environment.claim;
  const h = r.environment.here;
  const out = [
    `# benchmail recipe for figure ${r.figureId}: ${shComment(r.title)} (${shComment(r.what)})`,
    `# Reproduces: ${shComment(r.reproduces.text)}`,
    `#   figure: ${r.reproduces.value} ${shComment(r.reproduces.unit)}${r.reproduces.condition ? `, condition: ${shComment(r.reproduces.condition)}` : ''}`,
    `#   said by ${shComment(r.reproduces.author)}${r.reproduces.quotedBy ? `, quoted by ${shComment(r.reproduces.quotedBy)}` : ''}${r.reproduces.date ? ` on ${r.reproduces.date.slice(0, 10)}` : ''}, message <${shComment(r.reproduces.messageId)}>`,
    `# The mail's machine: kernel ${shComment(c.kernel ?? '?')}, CPU ${shComment(c.cpu ?? '?')}, NIC ${shComment(c.nic ?? '?')}, memory ${shComment(c.memory ?? '?')}`,
    `# This machine: kernel ${shComment(h.kernel)}, CPU ${shComment(h.cpu)} x ${h.cores}, memory ${Math.round(h.memoryBytes / 1048576)} MiB`,
  ];
  for (const p of r.params) out.push(`# parameter ${p.name} = ${shComment(p.value)} (${p.source === 'mail' ? `from the mail: ${shComment(p.asWritten ?? '')}` : p.source})`);
  for (const x of r.rejected) out.push(`# refused from the mail: ${shComment(x.reason)}`);
  if (r.overWire) out.push('# The mail measured between two machines; this script measures over 127.0.0.1 only.');
  if (r.cannotRun) out.push(`# Note: ${shComment(r.cannotRun)}`);
  if (r.unitNote) out.push(`# Note: ${shComment(r.unitNote)}`);
  const comments = out.splice(0, out.length);
  const usesProbe = r.plans.some((p) => p.kind === 'probe');
  const usesPort = r.plans.some((p) => [...(p.server ?? []), ...p.command].some((a) => a.includes('{port}')));
  const usesWorkdir = r.plans.some((p) => [...(p.server ?? []), ...p.command, p.stdin ?? ''].some((a) => a.includes('{workdir}')));
  const setup: string[] = [];
  if (usesProbe) setup.push(`BENCHMAIL_HOME="\${BENCHMAIL_HOME:-${shQuote(PROJECT_ROOT)}}"`);
  if (usesPort) setup.push('PORT="${PORT:-5201}"');
  if (usesWorkdir) out.push('WORKDIR="$(mktemp -d)"', `trap 'rm -rf "$WORKDIR"' EXIT`);
  r.plans.forEach((p, i) => {
    const test = p.kind === 'probe' ? `[ -f "$BENCHMAIL_HOME"/${shQuote(path.posix.join('dist/src/recipes/probes', probeSpec(p.command[1].slice(7, -1)).script))} ]`
      : `command -v ${shQuote(p.binary)} >/dev/null 2>&1`;
    out.push(`${i === 0 ? 'if' : 'elif'} ${test}; then`, `  # ${p.kind}: ${shComment(p.tool)} (install: ${shComment(p.install)})`, ...planBody(p, '  '));
  });
  // Backquotes in an install note would read as command substitution to a reader of the script.
  const missing = `none of ${r.plans.map((p) => p.binary).join(', ')} is installed: ${r.plans[0].install}`.replace(/`/g, '"');
  out.push('else', `  echo ${shQuote(shComment(missing))} >&2`, '  exit 127', 'fi');
  return { comments, setup, body: out };
}

export function recipeSh(r: Recipe): string {
  const { comments, setup, body } = recipeShParts(r);
  return ['#!/bin/sh', ...comments, 'set -eu', ...setup, ...body, ''].join('\n');
}

/** Several recipes in one script: each runs in its own subshell; one failing does not stop the rest. */
export function recipesSh(rs: Recipe[], trailer: string[] = []): string {
  const parts = rs.map(recipeShParts);
  // Shared settings once at the top: a subshell's own assignment would not outlive it.
  const setup = [...new Set(parts.flatMap((p) => p.setup))];
  const out = ['#!/bin/sh', `# benchmail recipes for ${rs.length} figures`, 'set -u', ...setup];
  for (const [i, r] of rs.entries()) {
    const { comments, body } = parts[i];
    out.push('', ...comments, '(', '  set -e', ...body.map((l) => `  ${l}`), `) || echo ${shQuote(`figure ${r.figureId}: the recipe failed`)} >&2`);
  }
  out.push(...trailer.map((t) => `# ${shComment(t)}`), '');
  return out.join('\n');
}

/** An argv for people: probes by their path under the checkout, placeholders as shell variables. */
const mdArgv = (argv: string[]): string => argv.map((a) => a
  .replace(/\{probe:([a-z-]{1,40})\}/g, (_w, n: string) => path.posix.join('dist/src/recipes/probes', probeSpec(n).script))
  .replace(/\{port\}/g, '$PORT').replace(/\{workdir\}/g, '$WORKDIR').replace(/\{uid\}/g, '$(id -u):$(id -g)')).join(' ');

const mdCell = (s: string | null | undefined): string => (s ?? '?').replace(/[|\n\r]/g, ' ').slice(0, 200);

/** A stored run as one Markdown line: what it measured and the ratio to the mail's figure. */
export interface RunLine { id: number; startedAt: string; exitStatus: number | null; value: number | null; unit: string | null;
  ratio: number | null; better: string | null; approximation: string | null; note: string | null }

export function runsMd(runs: RunLine[]): string {
  if (!runs.length) return '## Runs on this machine\n- none yet: `benchmail run FIGURE_ID`\n';
  return ['## Runs on this machine', ...runs.map((x) => `- run ${x.id}, ${x.startedAt.slice(0, 16).replace('T', ' ')}: ` +
    `${x.value !== null ? `${x.value} ${x.unit}` : 'no figure in the output'} (exit ${x.exitStatus ?? 'killed'})` +
    `${x.ratio !== null ? `, now/then ${x.ratio.toFixed(2)} (${x.better} is better)` : x.note ? `, not compared: ${x.note}` : ''}` +
    `${x.approximation ? `, built-in probe approximating ${x.approximation}` : ''}`)].join('\n') + '\n';
}

export function recipeMd(r: Recipe): string {
  const c = r.environment.claim;
  const h = r.environment.here;
  const f = r.reproduces;
  const lines = [
    `# Recipe for figure ${r.figureId}: ${r.title}`,
    '',
    `**Reproduces** ${f.value} ${f.unit} (${f.canonicalValue} ${f.canonicalUnit}) — ${r.what}${r.overWire ? ' (the mail measured it between two machines)' : ''}`,
    '',
    `> ${mdCell(f.text)}`,
    '',
    `Said by ${f.author}${f.quotedBy ? `, quoted by ${f.quotedBy}` : ''}${f.date ? ` on ${f.date.slice(0, 10)}` : ''} in <${f.messageId}> "${mdCell(f.subject)}"` +
      `${f.originMessageId ? ` (first said in <${f.originMessageId}>)` : ''}${f.condition ? `; condition: ${f.condition}` : ''}.`,
    '',
    '| | the mail | this machine |',
    '| --- | --- | --- |',
    `| kernel | ${mdCell(c.kernel)} | ${mdCell(h.kernel)} |`,
    `| CPU | ${mdCell(c.cpu)} | ${mdCell(h.cpu)} × ${h.cores} |`,
    `| NIC | ${mdCell(c.nic)} | ${mdCell(h.nics.join(', '))} |`,
    `| memory | ${mdCell(c.memory)} | ${Math.round(h.memoryBytes / 1048576)} MiB |`,
    `| disk | ${mdCell(c.disk)} | |`,
    '',
    '## Install',
    r.install.debian ? `\`apt-get install ${r.install.debian}\`` : '', r.install.source ?? '',
    '',
    '## Parameters',
    ...(r.params.length ? r.params.map((p) => `- ${p.name} = \`${p.value}\` — ${p.describe} (${p.source === 'mail' ? `from the mail: "${p.asWritten}"` : p.source})`) : ['- none']),
    ...r.rejected.map((x) => `- **refused from the mail**: ${x.reason}`),
    '',
    '## How it runs (first one installed)',
    ...r.plans.map((p) => `- ${p.kind} ${p.tool}${p.installed ? ' (installed here)' : ' (not installed here)'}${p.approximates ? `, an approximation of ${p.approximates}` : ''}: \`${mdArgv([...(p.server ? [...p.server, '&'] : []), ...p.command])}\``),
    '',
    ...(r.overWire ? ['The mail measured between two machines; a run here measures over 127.0.0.1 only, so `benchmail run` needs `--loopback` and marks the result as not comparable.', ''] : []),
    ...(r.cannotRun ? [`**Not run by benchmail:** ${r.cannotRun}`, ''] : []),
    ...(r.unitNote ? [`**Note:** ${r.unitNote}.`, ''] : []),
    '## sh',
    '```sh',
    recipeSh(r).trimEnd(),
    '```',
    '',
  ];
  return lines.filter((l, i, a) => !(l === '' && a[i - 1] === '')).join('\n');
}

export function recipeJson(r: Recipe): Recipe & { sh: string } {
  return { ...r, sh: recipeSh(r) };
}

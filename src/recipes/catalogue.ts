import recipesJson from './data/recipes.json';
import { BenchmailError } from '../core/errors';

// The recipe catalogue: data/recipes.json keyed by the extractor's tool names.
// This module only types it and picks the variant a figure needs.

export type ParamType = 'int' | 'seconds' | 'size' | 'host' | 'flag' | 'device';

export interface ParamSpec {
  type: ParamType;
  min?: number;            // for sizes: bytes
  max?: number;
  default: string | number;
  allowed?: string[];      // for flags
  render?: 'bytes' | 'k' | 'm' | 'M' | 'MB';
  describe: string;
  from?: string[];         // bounded regex sources; group 1 is the value as the mail wrote it
}

export interface Headline {
  pick?: 'first' | 'max' | 'last'; // which match stands for the run (NetPIPE: the peak of its sweep)
  re: string;              // bounded regex over the tool's output, group 1 = the number
  unit: string;
  factor: number;          // unit -> canonical unit
  units?: Record<string, number>; // when the tool scales its unit itself: group 2 is the unit, this its factor
  canonicalUnit: string;
  kind: string;
  metric: string;
  condition?: string | null;
}

export interface Variant {
  id: string;
  match?: { any?: string; canonicalUnit?: string[] };
  what: string;
  network?: boolean;
  server?: string[];       // argv template of a server started first (on 127.0.0.1)
  fixedPort?: number;      // a server whose port cannot be chosen (tbench_srv: 7003)
  command: string[];       // argv template
  output?: 'stdout' | 'both'; // NPtcp prints its results on stderr
  stdin?: string;          // text fed to the command's stdin (postmark reads its commands there)
  alternatives?: string[]; // "tool:variant" to try when this tool is not installed
  probe?: string;          // built-in probe when neither is installed
  probeArgs?: string[];
  headline: Headline;
}

export interface ToolRecipe {
  title: string;
  install: { debian?: string; source?: string };
  catalogueTool?: string;  // when the extractor files this tool under another name (iperf3 under iperf)
  binary?: string;         // what must be on PATH, when not the command's argv[0]
  version?: string[];
  cannotRun?: string;
  params: Record<string, ParamSpec>;
  variants: Variant[];
}

export interface ProbeSpec {
  script: string;
  approximates: string;
  what: string;
  headline: Headline;
}

interface Catalogue { tools: Record<string, ToolRecipe>; extraTools: Record<string, ToolRecipe>; probes: Record<string, ProbeSpec> }
const catalogue = recipesJson as unknown as Catalogue;
const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k) && !k.startsWith('$');

/** Recipes keyed by the extractor's catalogue tools. */
export const recipeTools = (): string[] => Object.keys(catalogue.tools).filter((k) => has(catalogue.tools, k));
/** Debian tools outside that catalogue (mbw, sockperf, qperf): alternatives, and figures named as written. */
export const extraRecipeTools = (): string[] => Object.keys(catalogue.extraTools).filter((k) => has(catalogue.extraTools, k));
export const probeNames = (): string[] => Object.keys(catalogue.probes);

export function toolRecipe(tool: string): ToolRecipe | null {
  if (has(catalogue.tools, tool)) return catalogue.tools[tool];
  return has(catalogue.extraTools, tool) ? catalogue.extraTools[tool] : null;
}

export function probeSpec(name: string): ProbeSpec {
  const p = catalogue.probes[name];
  if (!p) throw new BenchmailError('bad_input', `no built-in probe named ${name}`);
  return p;
}

/**
 * The recipe key for a figure's tool: the tool itself, or a more specific recipe filed
 * under it (iperf3 for the extractor's iperf) when the text names that one.
 */
export function recipeKeyFor(tool: string, texts: string[]): string {
  for (const [key, r] of Object.entries(catalogue.tools)) {
    if (!has(catalogue.tools, key) || r.catalogueTool !== tool) continue;
    const named = new RegExp(`(?:^|[^A-Za-z0-9+])${key.replace(/[+]/g, '\\+')}(?![A-Za-z0-9+])`, 'i');
    if (texts.some((t) => named.test(t.slice(0, 200_000)))) return key;
  }
  return tool;
}

/** "iperf3:tcp" -> that tool's variant. */
export function variantRef(ref: string): { tool: string; recipe: ToolRecipe; variant: Variant } | null {
  const [tool, id] = ref.split(':');
  const recipe = toolRecipe(tool);
  const variant = recipe?.variants.find((v) => v.id === id);
  return recipe && variant ? { tool, recipe, variant } : null;
}

export interface FigureLike {
  tool: string | null; metric: string | null; condition: string | null; text: string; canonicalUnit: string;
}

/** The first variant whose match fits the figure; the last variant is the fallback. */
export function pickVariant(recipe: ToolRecipe, f: FigureLike): Variant {
  const hay = `${f.metric ?? ''}\n${f.condition ?? ''}\n${f.text}`.slice(0, 4000);
  for (const v of recipe.variants) {
    if (!v.match) continue;
    if (v.match.canonicalUnit && !v.match.canonicalUnit.includes(f.canonicalUnit)) continue;
    if (v.match.any && !new RegExp(v.match.any, 'i').test(hay)) continue;
    return v;
  }
  return recipe.variants.find((v) => !v.match) ?? recipe.variants[recipe.variants.length - 1];
}

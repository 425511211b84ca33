import type { Headline } from './catalogue';
import type { RunFigure } from '../store/runs';

// A run's output back into figures. The extractor's own parser reads it first (the
// same code that read the mail, so then and now are measured with one ruler); the
// recipe's headline pattern then names which figure stands for the original, and
// supplies it when the extractor is missing or did not see it.

type Extracted = { value: number; unit: string; canonicalValue: number; canonicalUnit: string; kind: string;
  metric: string | null; condition: string | null; tool: string | null; approx: boolean; text: string; start: number; end: number };
/** The extractor's entry point (extractMessage of src/extract/index.ts), passed in by api/: recipes/ does not import extract/. */
export type ExtractFn = (text: string, ctx: { fromName: string; subject: string }) => { figures: Extracted[] } | Extracted[];

export interface ParsedOutput { figures: RunFigure[]; headlineIndex: number | null; parser: 'extractor' | 'headline' | 'extractor+headline' | 'none' }

function lineAround(text: string, at: number): string {
  const s = text.lastIndexOf('\n', at - 1) + 1;
  const e = text.indexOf('\n', at);
  return text.slice(s, e < 0 ? text.length : e).trim();
}

/** The match of the headline pattern that stands for the run: first, last, or the largest value. */
function headlineMatch(text: string, h: Headline): RegExpExecArray | null {
  if (!h.pick || h.pick === 'first') return new RegExp(h.re, 'm').exec(text);
  const re = new RegExp(h.re, 'gm');
  let best: RegExpExecArray | null = null;
  for (let m = re.exec(text), n = 0; m && n < 100_000; m = re.exec(text), n++) {
    if (m[0] === '') re.lastIndex++;
    if (!best || h.pick === 'last' || Number(m[1]) > Number(best[1])) best = m;
  }
  return best;
}

export function parseOutput(output: string, headline: Headline, tool: string, date: string | null, condition: string | null = null,
  extract: ExtractFn | null = null): ParsedOutput {
  const text = output.slice(0, 4 * 1048576);
  const base = { id: null, messageId: null, threadId: null, list: null, date, author: null, quoted: false as const, quotedFrom: null, originMessageId: null };
  const figures: RunFigure[] = [];
  let parser: ParsedOutput['parser'] = 'none';
  if (extract) {
    try {
      const res = extract(text, { fromName: 'benchmail run', subject: `${tool} run` });
      const list = Array.isArray(res) ? res : res?.figures ?? [];
      for (const f of list) {
        figures.push({ ...base, value: f.value, unit: f.unit, canonicalValue: f.canonicalValue, canonicalUnit: f.canonicalUnit,
          kind: f.kind, metric: f.metric, condition: f.condition ?? condition, tool: f.tool ?? tool, approx: !!f.approx, text: f.text, start: f.start, end: f.end });
      }
      parser = 'extractor';
    } catch { /* an extractor failure leaves the headline pattern to do the work */ }
  }
  const m = headlineMatch(text, headline);
  let headlineIndex: number | null = null;
  if (m && m[1] !== undefined) {
    const start = m.index + m[0].indexOf(m[1]);
    const value = Number(m[1]);
    // Tools that scale their own unit (qperf "980 MB/sec" or "1.27 GB/sec") name it in group 2.
    const unit = headline.units && m[2] !== undefined && headline.units[m[2]] !== undefined ? m[2] : headline.unit;
    const canonicalValue = value * (unit === headline.unit ? headline.factor : headline.units![unit]);
    // The extractor's figure at the same place, when it agrees on the unit, is the headline.
    const same = figures.findIndex((f) => f.canonicalUnit === headline.canonicalUnit && f.start <= start && f.end > start
      && Math.abs(f.canonicalValue - canonicalValue) <= 0.01 * Math.abs(canonicalValue));
    if (same >= 0) headlineIndex = same;
    else {
      figures.push({ ...base, value, unit, canonicalValue, canonicalUnit: headline.canonicalUnit, kind: headline.kind,
        metric: headline.metric, condition: headline.condition ?? condition, tool, approx: false, text: lineAround(text, start),
        start, end: start + m[1].length });
      headlineIndex = figures.length - 1;
      parser = parser === 'extractor' ? 'extractor+headline' : 'headline';
    }
  }
  return { figures, headlineIndex, parser };
}

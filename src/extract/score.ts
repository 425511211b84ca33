// The gold matching rule (gold/README.md), as a pure function used by both the
// dev loop and `benchmail eval`: same Message-ID, same canonical unit, canonical
// values within 1%, one-to-one, non-optional labels preferred; a prediction that
// matches an optional label counts neither way.

export interface GoldLabel {
  messageId: string; value: number; unit: string; canonicalValue: number; canonicalUnit: string;
  quoted: boolean; quotedFrom: string | null; tool: string | null; optional: boolean; text: string;
}
export interface Prediction {
  messageId: string; value: number; unit: string; canonicalValue: number; canonicalUnit: string;
  quoted: boolean; quotedFrom: string | null; tool: string | null; text: string; id?: number;
}
export interface Score {
  precision: number; recall: number; f1: number; tp: number; fp: number; fn: number;
  quotedAccuracy: number; quotedFromAccuracy: number; toolAccuracy: number;
  falsePositives: Prediction[]; falseNegatives: GoldLabel[];
  matches: { prediction: Prediction; label: GoldLabel }[];
}

const close = (a: number, b: number) => a === b || Math.abs(a - b) <= 0.01 * Math.max(Math.abs(a), Math.abs(b));
const normName = (s: string | null) => (s ?? '').trim().toLowerCase();

export function scoreFigures(preds: Prediction[], labels: GoldLabel[], messageIds: Iterable<string>): Score {
  const ids = new Set(messageIds);
  const P = new Map<string, Prediction[]>();
  const G = new Map<string, GoldLabel[]>();
  for (const p of preds) if (ids.has(p.messageId)) (P.get(p.messageId) ?? P.set(p.messageId, []).get(p.messageId)!).push(p);
  for (const g of labels) if (ids.has(g.messageId)) (G.get(g.messageId) ?? G.set(g.messageId, []).get(g.messageId)!).push(g);
  let tp = 0, fp = 0, fn = 0, qOk = 0, qfOk = 0, toolOk = 0, matched = 0;
  const falsePositives: Prediction[] = [];
  const falseNegatives: GoldLabel[] = [];
  const matches: Score['matches'] = [];
  for (const id of [...ids].sort()) {
    const ps = P.get(id) ?? [];
    const gs = G.get(id) ?? [];
    // candidate pairs, best first: non-optional before optional, then closest value, then order
    const pairs: { p: number; g: number; opt: number; d: number }[] = [];
    ps.forEach((p, i) => gs.forEach((g, k) => {
      if (p.canonicalUnit === g.canonicalUnit && close(p.canonicalValue, g.canonicalValue)) {
        pairs.push({ p: i, g: k, opt: g.optional ? 1 : 0, d: Math.abs(p.canonicalValue - g.canonicalValue) / (Math.abs(g.canonicalValue) || 1) });
      }
    }));
    pairs.sort((a, b) => a.opt - b.opt || a.d - b.d || a.p - b.p || a.g - b.g);
    const pUsed = new Array(ps.length).fill(false);
    const gUsed = new Array(gs.length).fill(false);
    for (const pr of pairs) {
      if (pUsed[pr.p] || gUsed[pr.g]) continue;
      pUsed[pr.p] = true; gUsed[pr.g] = true;
      const p = ps[pr.p], g = gs[pr.g];
      matches.push({ prediction: p, label: g });
      if (g.optional) continue;
      tp++; matched++;
      if (p.quoted === g.quoted) qOk++;
      if (normName(p.quotedFrom) === normName(g.quotedFrom)) qfOk++;
      if ((p.tool ?? null) === (g.tool ?? null)) toolOk++;
    }
    ps.forEach((p, i) => { if (!pUsed[i]) { fp++; falsePositives.push(p); } });
    gs.forEach((g, k) => { if (!gUsed[k] && !g.optional) { fn++; falseNegatives.push(g); } });
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const acc = (n: number) => (matched ? n / matched : 0);
  return { precision, recall, f1, tp, fp, fn, quotedAccuracy: acc(qOk), quotedFromAccuracy: acc(qfOk), toolAccuracy: acc(toolOk),
    falsePositives, falseNegatives, matches };
}

/** Parses labels.jsonl text; lines that are not JSON objects are skipped. */
export function parseLabels(jsonl: string): GoldLabel[] {
  const out: GoldLabel[] = [];
  for (const line of jsonl.split('\n')) {
    const t = line.trim();
    if (!t) continue;
    try { out.push(JSON.parse(t) as GoldLabel); } catch { /* a broken line is not a label */ }
  }
  return out;
}

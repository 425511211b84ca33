import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMessage } from '../../src/ingest/parse';
import { extractMessage } from '../../src/extract';
import { toFigureRows, encodeExtraction, decodeExtraction } from '../../src/core/figure-rows';
import { corpusMessages } from '../helpers/corpus';

// Extractions travel from the worker to the writer as JSON strings: what the writer
// decodes must be exactly what the worker extracted, every value, unit and offset.
test('an extraction comes out of its thread encoding exactly as it went in (corpus)', async () => {
  let figures = 0;
  for (const m of await corpusMessages()) {
    const p = parseMessage(m.raw, m.fromLine);
    const r = extractMessage(p.text, { fromName: p.fromName || p.fromAddr, subject: p.subject });
    const rows = { figures: toFigureRows(r.figures), claims: r.claims };
    assert.deepEqual(decodeExtraction(encodeExtraction(rows)), rows);
    figures += r.figures.length;
  }
  assert.ok(figures > 1000, `${figures} figures went through`);
});

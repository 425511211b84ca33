import { BenchmailError } from '../core/errors';
import type { ParamSpec } from './catalogue';

// Parameters of a recipe: taken from the mail where it states them, else defaults.
// A value from mail is text someone typed years ago: it must fit the tool's shape
// (a number in range, a known flag, a size) or it is refused, never passed on.

export interface ParamValue {
  name: string;
  value: string;          // as it goes on the command line
  source: 'mail' | 'default' | 'user';
  asWritten: string | null; // the mail's spelling, when from mail
  describe: string;
}

export interface RejectedParam { name: string; asWritten: string; reason: string }

const SIZE = /^([0-9]{1,12})(?:\.([0-9]{1,6}))?\s?([kKmMgG])?(?:i?[bB](?:ytes?)?)?$/;
const HOST = /^(?:[0-9]{1,3}(?:\.[0-9]{1,3}){3}|[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}(?:\.[A-Za-z0-9][A-Za-z0-9-]{0,62}){0,8})?)$/;
const DEVICE = /^\/dev\/[A-Za-z0-9][A-Za-z0-9/_-]{0,40}$/;
const SHELLISH = /[;&|$`<>(){}\\'"*?!\n\r]/;

function shown(v: string): string {
  return JSON.stringify(v.length > 60 ? v.slice(0, 57) + '...' : v);
}

/** Bytes of a size as written ("64k", "1G", "512MB", "8192"); binary multiples. */
export function parseSize(s: string): number | null {
  const m = SIZE.exec(s.trim());
  if (!m) return null;
  const n = Number(`${m[1]}${m[2] ? '.' + m[2] : ''}`);
  const mult = { k: 1024, m: 1048576, g: 1073741824 }[(m[3] ?? '').toLowerCase()] ?? 1;
  return Math.round(n * mult);
}

function renderSize(bytes: number, how: ParamSpec['render']): string {
  switch (how) {
    case 'k': return `${Math.max(1, Math.round(bytes / 1024))}K`;
    case 'm': return String(Math.max(1, Math.round(bytes / 1048576)));
    case 'M': return `${Math.max(1, Math.round(bytes / 1048576))}M`;
    case 'MB': return `${Math.max(1, Math.round(bytes / 1048576))}MB`;
    default: return String(bytes);
  }
}

/**
 * Checks one value against its spec and returns it as it goes on the command line.
 * Throws BenchmailError('unsafe') with a sentence naming the parameter and the value.
 */
export function validateParam(tool: string, name: string, spec: ParamSpec, raw: string): string {
  const v = String(raw).trim();
  const refuse = (why: string): never => {
    throw new BenchmailError('unsafe', `${tool} parameter ${name}: refused ${shown(v)}: ${why}`);
  };
  if (v.length > 200) refuse('longer than any value this parameter takes');
  if (SHELLISH.test(v)) refuse('contains shell characters; only plain values are allowed');
  switch (spec.type) {
    case 'int':
    case 'seconds': {
      const t = spec.type === 'seconds' ? v.replace(/\s?(?:s|sec|secs|seconds?)$/i, '') : v;
      if (!/^[0-9]{1,15}$/.test(t)) refuse(`not a whole number${spec.type === 'seconds' ? ' of seconds' : ''}`);
      const n = Number(t);
      if (spec.min !== undefined && n < spec.min) refuse(`below the smallest allowed, ${spec.min}`);
      if (spec.max !== undefined && n > spec.max) refuse(`above the largest allowed, ${spec.max}`);
      return String(n);
    }
    case 'size': {
      const b = parseSize(v);
      if (b === null) refuse('not a size (a number with an optional k, M or G)');
      if (spec.min !== undefined && b! < spec.min) refuse(`below the smallest allowed, ${spec.min} bytes`);
      if (spec.max !== undefined && b! > spec.max) refuse(`above the largest allowed, ${spec.max} bytes`);
      return renderSize(b!, spec.render);
    }
    case 'host':
      if (!HOST.test(v)) refuse('not a host name or IPv4 address');
      return v;
    case 'device':
      if (!DEVICE.test(v)) refuse('not a /dev/ block device name');
      return v;
    case 'flag':
      if (!spec.allowed?.includes(v)) refuse(`not one of ${spec.allowed?.join(', ')}`);
      return v;
    default:
      return refuse('unknown parameter type');
  }
}

/** True when a captured token is plainly prose ("show", "the"), not an attempt at a value. */
function isProse(token: string): boolean {
  return /^[A-Za-z]{1,40}$/.test(token);
}

export interface ResolvedParams { values: Record<string, ParamValue>; rejected: RejectedParam[] }

/**
 * Resolves every parameter of a tool: user overrides (validated, throwing), then the
 * mail (figure line first, then the whole message), then the default. Mail values
 * that fail validation are listed in `rejected` and replaced by the default.
 */
export function resolveParams(
  tool: string,
  specs: Record<string, ParamSpec>,
  mailTexts: string[],
  overrides: Record<string, string> = {},
): ResolvedParams {
  for (const k of Object.keys(overrides)) {
    if (!Object.prototype.hasOwnProperty.call(specs, k)) {
      throw new BenchmailError('usage', `${tool} has no parameter ${k} (it has: ${Object.keys(specs).join(', ') || 'none'})`);
    }
  }
  const values: Record<string, ParamValue> = {};
  const rejected: RejectedParam[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    if (overrides[name] !== undefined) {
      values[name] = { name, value: validateParam(tool, name, spec, overrides[name]), source: 'user', asWritten: null, describe: spec.describe };
      continue;
    }
    let found: ParamValue | null = null;
    outer: for (const text of mailTexts) {
      for (const src of spec.from ?? []) {
        const m = new RegExp(src, 'm').exec(text.slice(0, 200_000));
        if (!m || m[1] === undefined) continue;
        // Sentence punctuation after a value ("hdparm -t /dev/hda;", "dbench 64'") is not part of it;
        // what is left is still checked in full, and a bare ";" stays as written (and is refused).
        const trimmed = m[1].replace(/[.,:;)'"]{1,5}$/, '');
        const token = trimmed && !SHELLISH.test(trimmed) ? trimmed : m[1];
        if (spec.type !== 'host' && spec.type !== 'flag' && isProse(token)) continue;
        try {
          found = { name, value: validateParam(tool, name, spec, token), source: 'mail', asWritten: token, describe: spec.describe };
          break outer;
        } catch (e) {
          if (!(e instanceof BenchmailError)) throw e;
          rejected.push({ name, asWritten: token, reason: e.message });
          break outer;
        }
      }
    }
    values[name] = found ?? { name, value: validateParam(tool, name, spec, String(spec.default)), source: 'default', asWritten: null, describe: spec.describe };
  }
  return { values, rejected };
}

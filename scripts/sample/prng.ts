// A small seeded PRNG (mulberry32) and the helpers the templates use.
// Everything in the sample is drawn from one of these, never from Math.random
// or the clock, so the same seed always writes the same bytes.

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi], both ends included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** A float in [lo, hi) rounded to `digits` decimals, as a number. */
  float(lo: number, hi: number, digits = 2): number {
    const f = 10 ** digits;
    return Math.round((lo + this.next() * (hi - lo)) * f) / f;
  }

  /** The value scaled by a factor in [1 - spread, 1 + spread]. */
  jitter(value: number, spread = 0.05): number {
    return value * (1 - spread + 2 * spread * this.next());
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** `n` distinct items, in a random order. */
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = items.slice();
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, Math.min(n, copy.length));
  }

  /** A lowercase hex string of `n` digits. */
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[this.int(0, 15)];
    return s;
  }

  /** Letters and digits, as mailers put in Message-IDs. */
  alnum(n: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[this.int(0, alphabet.length - 1)];
    return s;
  }
}

/** Fixed-point text, as tools print: fmt(3.14159, 2) -> "3.14". */
export function fmt(value: number, digits: number): string {
  return value.toFixed(digits);
}

/** Right-align text in a column of `width`. */
export function rpad(text: string | number, width: number): string {
  return String(text).padStart(width);
}

/** Left-align text in a column of `width`. */
export function lpad(text: string | number, width: number): string {
  return String(text).padEnd(width);
}

/** 1234567 -> "1,234,567", as perf stat prints counters. */
export function commas(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

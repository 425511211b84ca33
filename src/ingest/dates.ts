// Dates to unix seconds UTC. Mail dates come in every shape: RFC 2822 with comments,
// two-digit years, missing zones, asctime in From_ lines. A date that does not parse
// or is absurd falls back to the From_ line, then Received; the original is kept.

const MIN = Date.UTC(1971, 0, 1) / 1000;
const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360,
  pst: -480, pdt: -420, cet: 60, cest: 120, met: 60, mest: 120, bst: 60, jst: 540, eet: 120, eest: 180,
};

function sane(t: number): number | null {
  const max = Date.now() / 1000 + 366 * 86400;
  return Number.isFinite(t) && t >= MIN && t <= max ? Math.floor(t) : null;
}

/** Parses RFC 2822-ish and asctime dates; returns unix seconds UTC or null. */
export function parseMailDate(input: string | null | undefined): number | null {
  if (!input) return null;
  const s = input.slice(0, 200).replace(/\([^()]*\)/g, ' ').replace(/\s+/g, ' ').trim();
  // d Mon yyyy hh:mm[:ss] [zone]
  let m = /(\d{1,2})[ -]([A-Za-z]{3})[a-z]*[ -](\d{2,4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)? ?([+-]\d{4}|[A-Za-z]{1,5})?/.exec(s);
  if (m) return build(+m[3], m[2], +m[1], +m[4], +m[5], +(m[6] ?? 0), m[7]);
  // asctime: Mon May  7 12:12:57 2001 [zone]
  m = /([A-Za-z]{3}) +(\d{1,2}) (\d{1,2}):(\d{2})(?::(\d{2}))? (?:([+-]\d{4}|[A-Za-z]{1,5}) )?(\d{4})/.exec(s);
  if (m) return build(+m[7], m[1], +m[2], +m[3], +m[4], +(m[5] ?? 0), m[6]);
  // ISO 8601
  m = /(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:?\d{2})?/.exec(s);
  if (m) {
    const z = m[7] ? (m[7] === 'Z' ? '+0000' : m[7].replace(':', '')) : undefined;
    return build(+m[1], Object.keys(MONTHS)[+m[2] - 1] ?? 'xxx', +m[3], +m[4], +m[5], +(m[6] ?? 0), z);
  }
  return null;
}

function build(y: number, mon: string, d: number, hh: number, mm: number, ss: number, zone?: string): number | null {
  const month = MONTHS[mon.slice(0, 3).toLowerCase()];
  if (month === undefined) return null;
  if (y < 50) y += 2000; else if (y < 100) y += 1900; else if (y < 1000) y += 1900; // RFC 2822 4.3
  let offset = 0;
  if (zone) {
    if (/^[+-]\d{4}$/.test(zone)) {
      const sign = zone[0] === '-' ? -1 : 1;
      offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
    } else offset = ZONES[zone.toLowerCase()] ?? 0;
  }
  if (d < 1 || d > 31 || hh > 23 || mm > 59 || ss > 60) return null;
  return sane(Date.UTC(y, month, d, hh, mm, ss) / 1000 - offset * 60);
}

/** The date after the last ';' of a Received header. */
export function parseReceivedDate(received: string | null): number | null {
  if (!received) return null;
  const i = received.lastIndexOf(';');
  return i >= 0 ? parseMailDate(received.slice(i + 1)) : null;
}

/** The date in an mbox From_ line: "From sender Mon May  7 12:12:57 2001". */
export function parseFromLineDate(fromLine: string | undefined): number | null {
  if (!fromLine) return null;
  return parseMailDate(fromLine.replace(/^From \S+\s+/, ''));
}

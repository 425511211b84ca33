// Shared by the built-in probes: bounded argument parsing and the plain statement
// that a probe approximates a tool and is not that tool.

export interface ProbeArgs { seconds: number; write: number; bytes: number; mib: number; role: string | null; shape: string }

const LIMITS = { seconds: [0.05, 10], write: [1, 16 * 1048576], bytes: [1, 64 * 1073741824], mib: [1, 1024] } as const;

/** --seconds S (run time), --write N (bytes per write), --bytes N (cap on bytes moved), --mib N. */
export function probeArgs(argv: string[], defaults: Partial<ProbeArgs> = {}): ProbeArgs {
  const out: ProbeArgs = { seconds: 1, write: 65536, bytes: 16 * 1073741824, mib: 64, role: null, shape: 'lmbench', ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    const val = argv[i + 1];
    if (key === 'role' || key === 'shape') { out[key] = val ?? null as never; i++; continue; }
    if (!(key in LIMITS)) fail(`unknown option ${argv[i]}`);
    const n = Number(val);
    const [lo, hi] = LIMITS[key as keyof typeof LIMITS];
    if (!Number.isFinite(n) || n < lo || n > hi) fail(`${argv[i]} wants a number from ${lo} to ${hi}, got ${JSON.stringify(val)}`);
    (out as unknown as Record<string, number>)[key] = n;
    i++;
  }
  return out;
}

export function fail(msg: string): never {
  process.stderr.write(`probe: ${msg}\n`);
  process.exit(2);
}

/** First line of every probe's output: no numbers, so parsing it finds no figure. */
export function statement(name: string, approximates: string): string {
  return `# benchmail probe ${name}: an approximation of ${approximates}, written in Node; not the real tool\n`;
}

export const mb = (bytes: number, seconds: number): string => (bytes / seconds / 1e6).toFixed(2);

import os from 'node:os';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import envPatterns from './data/environment.json';

// Two environments side by side: what the mail says about its machine (kernel, CPU,
// NIC, memory) and what this machine is. A figure means little without either.

export interface ClaimEnvironment {
  kernel: string | null; cpu: string | null; nic: string | null; memory: string | null; disk: string | null;
}

export interface MachineEnvironment {
  uname: string; kernel: string; arch: string; cpu: string; cores: number; memoryBytes: number;
  nics: string[]; node: string; toolVersion: string | null;
}

const FIELDS = ['kernel', 'cpu', 'nic', 'memory', 'disk'] as const;
const compiled: Record<string, RegExp[]> = Object.fromEntries(
  FIELDS.map((k) => [k, ((envPatterns as Record<string, unknown>)[k] as string[]).map((s) => new RegExp(s))]),
);

/** The first mention of each, searching the subject, the figure's line, then the body. */
export function claimEnvironment(texts: string[]): ClaimEnvironment {
  const out: ClaimEnvironment = { kernel: null, cpu: null, nic: null, memory: null, disk: null };
  for (const k of FIELDS) {
    search: for (const t of texts) {
      const text = t.slice(0, 200_000);
      for (const re of compiled[k]) {
        const m = re.exec(text);
        if (m) { out[k] = (m[1] ?? m[0]).trim(); break search; }
      }
    }
  }
  return out;
}

function nicNames(): string[] {
  const names = Object.keys(os.networkInterfaces());
  return names.map((n) => {
    try {
      const driver = fs.readlinkSync(`/sys/class/net/${n}/device/driver`).split('/').pop();
      return driver ? `${n} (${driver})` : n;
    } catch { return n; }
  });
}

/** `tool --version` (first line), or null when it is not installed or says nothing. */
export function toolVersion(argv: string[] | undefined): string | null {
  if (!argv?.length) return null;
  try {
    const out = execFileSync(argv[0], argv.slice(1), { timeout: 3000, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return out.split('\n').find((l) => l.trim())?.trim().slice(0, 200) ?? null;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    const txt = `${err.stdout ?? ''}${err.stderr ?? ''}`;
    return txt.split('\n').find((l) => /[0-9]\.[0-9]/.test(l))?.trim().slice(0, 200) ?? null;
  }
}

let here: Omit<MachineEnvironment, 'toolVersion'> | null = null;

/** This machine (read once per process: it does not change under us). */
export function machineEnvironment(version: string | null = null): MachineEnvironment {
  if (!here) here = readMachine();
  return { ...here, nics: [...here.nics], toolVersion: version };
}

function readMachine(): Omit<MachineEnvironment, 'toolVersion'> {
  const cpus = os.cpus();
  return {
    uname: `${os.type()} ${os.hostname()} ${os.release()} ${os.version()} ${os.machine()}`,
    kernel: os.release(),
    arch: os.machine(),
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    memoryBytes: os.totalmem(),
    nics: nicNames(),
    node: process.version,
  };
}

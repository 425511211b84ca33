// The peers we compare with, driven through their own command lines:
//   notmuch new (Xapian over a Maildir), mu init + mu index (Xapian over a Maildir),
//   public-inbox v2 (git + SQLite + Xapian) by its bulk import path.
// A peer that is missing is installed with apt-get when we are root, else skipped with a reason.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { run, runOk, commandExists, diskBytes, type Measured } from './proc';
import type { Corpus } from './corpus';

export type PeerName = 'notmuch' | 'mu' | 'public-inbox';
export const PEERS: PeerName[] = ['notmuch', 'mu', 'public-inbox'];

const PACKAGE: Record<PeerName, string> = { notmuch: 'notmuch', mu: 'maildir-utils', 'public-inbox': 'public-inbox' };
const BINARIES: Record<PeerName, string[]> = {
  notmuch: ['notmuch'], mu: ['mu'], 'public-inbox': ['public-inbox-init', 'public-inbox-index', 'git', 'perl'],
};

export interface PeerStatus { name: PeerName; available: boolean; version: string | null; note: string | null }

function missing(p: PeerName): string | null {
  for (const b of BINARIES[p]) if (!commandExists(b)) return b;
  if (p === 'public-inbox' && spawnSync('perl', ['-MPublicInbox::InboxWritable', '-e', '1']).status !== 0) return 'PublicInbox perl modules';
  return null;
}

/** Finds each peer, installing the missing ones when we can (root + apt-get), and its version. */
export function preparePeers(wanted: PeerName[], log: (s: string) => void): PeerStatus[] {
  const absent = wanted.filter((p) => missing(p) !== null);
  if (absent.length) {
    const canApt = typeof process.getuid === 'function' && process.getuid() === 0 && commandExists('apt-get');
    if (canApt) {
      const pkgs = absent.map((p) => PACKAGE[p]);
      log(`bench: installing ${pkgs.join(' ')} with apt-get`);
      const r = spawnSync('apt-get', ['install', '-y', ...pkgs], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
      if (r.status !== 0) log(`bench: apt-get install failed (${r.status}): ${(r.stderr ?? '').trim().split('\n').pop()}`);
    }
  }
  return wanted.map((name) => {
    const m = missing(name);
    if (m) return { name, available: false, version: null, note: `skipped: ${m} is not installed (apt-get install ${PACKAGE[name]})` };
    return { name, available: true, version: peerVersion(name), note: null };
  });
}

function peerVersion(p: PeerName): string | null {
  const out = (cmd: string, args: string[]) => (spawnSync(cmd, args, { encoding: 'utf8' }).stdout ?? '').trim();
  if (p === 'notmuch') return out('notmuch', ['--version']) || null;
  if (p === 'mu') return out('mu', ['--version']).split('\n')[0] || null;
  const v = out('dpkg-query', ['-W', '-f', '${Version}', 'public-inbox']);
  return v ? `public-inbox ${v}` : out('perl', ['-MPublicInbox::Config', '-e', 'print $PublicInbox::VERSION // ""']) || null;
}

export interface PeerImport { measured: Measured; dbBytes: number; home: string; env: NodeJS.ProcessEnv }

/** Several steps timed as one: wall and CPU add up, the peak RSS is the largest step's. */
function combine(steps: Measured[]): Measured {
  return {
    wallS: steps.reduce((a, s) => a + s.wallS, 0),
    cpuS: steps.every((s) => s.cpuS !== null) ? steps.reduce((a, s) => a + (s.cpuS ?? 0), 0) : null,
    rssMB: steps.reduce<number | null>((a, s) => (s.rssMB === null ? a : Math.max(a ?? 0, s.rssMB)), null),
    status: 0, stdout: '', stderr: '',
  };
}

// notmuch new on the Maildir; database and config in a fresh directory (never inside the Maildir).
async function notmuchImport(c: Corpus, home: string): Promise<PeerImport> {
  const db = path.join(home, 'db');
  fs.mkdirSync(db, { recursive: true });
  const config = path.join(home, 'notmuch-config');
  fs.writeFileSync(config, `[database]\npath=${db}\nmail_root=${c.maildir}\n[new]\ntags=inbox;\n[search]\nexclude_tags=\n[maildir]\nsynchronize_flags=false\n`);
  const env = { ...process.env, HOME: home, NOTMUCH_CONFIG: config };
  const m = await runOk('notmuch', ['new', '--quiet'], { env });
  return { measured: m, dbBytes: diskBytes(db), home, env };
}

// mu init + mu index with a fresh --muhome.
async function muImport(c: Corpus, home: string): Promise<PeerImport> {
  const muhome = path.join(home, 'mu');
  const env = { ...process.env, HOME: home };
  const a = await runOk('mu', ['init', `--muhome=${muhome}`, `--maildir=${c.maildir}`, '--quiet'], { env });
  const b = await runOk('mu', ['index', `--muhome=${muhome}`, '--quiet'], { env });
  return { measured: combine([a, b]), dbBytes: diskBytes(muhome), home, env };
}

// public-inbox's documented bulk path, as test/helpers/publicinbox-server.ts does it:
// public-inbox-init -V2, InboxWritable->import_mbox over the mboxrd file (a v2 inbox indexes
// while it imports), then public-inbox-index. -no_fsync is what `public-inbox-index --no-fsync`
// sets: our import does not fsync each batch either (WAL, synchronous=NORMAL).
const IMPORT_PL = `
use strict;
use PublicInbox::Config;
use PublicInbox::InboxWritable;
my ($name, @files) = @ARGV;
my $ibx = PublicInbox::Config->new->lookup_name($name) or die "no inbox $name\\n";
$ibx = PublicInbox::InboxWritable->new($ibx);
$ibx->{-no_fsync} = 1;
for my $f (@files) {
  open(my $fh, '<', $f) or die "$f: $!\\n";
  $ibx->import_mbox($fh, 'mboxrd');
}
`;
async function publicInboxImport(c: Corpus, home: string): Promise<PeerImport> {
  const dir = path.join(home, 'bench');
  const env = { ...process.env, HOME: home, PI_CONFIG: path.join(home, 'pi-config') };
  const script = path.join(home, 'import.pl');
  fs.writeFileSync(script, IMPORT_PL);
  const a = await runOk('public-inbox-init', ['-V2', '-L', 'medium', 'bench', dir, 'http://127.0.0.1/bench', 'bench@example.org'], { env });
  const b = await runOk('perl', [script, 'bench', c.mbox], { env });
  const d = await runOk('public-inbox-index', ['--no-fsync', dir], { env });
  return { measured: combine([a, b, d]), dbBytes: diskBytes(dir), home, env };
}

export function importPeer(p: PeerName, c: Corpus, home: string): Promise<PeerImport> {
  fs.mkdirSync(home, { recursive: true });
  if (p === 'notmuch') return notmuchImport(c, home);
  if (p === 'mu') return muImport(c, home);
  return publicInboxImport(c, home);
}

/** The peer's CLI equivalents of our queries; null where it has none. */
export interface PeerQueries { search: string[] | null; thread: string[] | null; threadNote: string }

export function peerQueryCommands(p: PeerName, imp: PeerImport, terms: [string, string], threadMsgId: string): PeerQueries {
  if (p === 'notmuch') {
    // notmuch names threads by its own ids: look it up once, outside the timing.
    const r = spawnSync('notmuch', ['search', '--output=threads', `id:${threadMsgId}`], { env: imp.env, encoding: 'utf8' });
    const tid = (r.stdout ?? '').trim().split('\n')[0];
    return {
      search: ['notmuch', 'search', '--limit=50', '--sort=newest-first', terms[0], 'and', terms[1]],
      thread: tid ? ['notmuch', 'show', '--format=json', tid] : null,
      threadNote: 'notmuch show --format=json thread:ID (headers and bodies)',
    };
  }
  if (p === 'mu') {
    const muhome = `--muhome=${path.join(imp.home, 'mu')}`;
    return {
      search: ['mu', 'find', muhome, '--maxnum=50', '--sortfield=date', '--reverse', terms[0], 'and', terms[1]],
      thread: ['mu', 'find', muhome, '--include-related', '--threads', `msgid:${threadMsgId}`],
      threadNote: 'mu find --include-related --threads msgid:ID (headers only: mu find prints no bodies)',
    };
  }
  return { search: null, thread: null, threadNote: 'public-inbox has no search or thread command line (only its web and IMAP/NNTP servers)' };
}

export async function timePeerCommand(argv: string[], env: NodeJS.ProcessEnv): Promise<Measured> {
  return run(argv[0], argv.slice(1), { env, keepStdout: false });
}

// Small helpers the topic files share: dates, the default cast, a thread in one call.
import { Rng } from './prng';
import { PEOPLE, Person, person } from './people';
import { Archive, PostOptions, discuss, post } from './threads';
import { ListName, Message } from './mail';
import { Domain } from './prose';

export const at = (iso: string): number => Date.parse(iso) / 1000;
export const P = person;

/** Everyone who writes English replies in plain mailers. */
export const CAST: Person[] = PEOPLE.filter((p) => !['Дмитрий Соколов', '高橋 健一'].includes(p.name));

export interface ThreadSpec {
  list: ListName;
  starter: string;
  subject: string;
  date: string;
  root: (a: Archive, r: Rng) => string;
  replies: number;
  kernels: [string, string];
  scripted?: Array<(r: Rng) => string | string[]>;
  rerun?: (r: Rng) => string;
  orphanAt?: number;
  pool?: Person[];
  rootOptions?: PostOptions;
  domain?: Domain;
}

export function thread(a: Archive, s: ThreadSpec): Message[] {
  const who = P(s.starter);
  const root = post(a, s.list, who, s.subject, s.root(a, a.rng), { epoch: at(s.date), ...s.rootOptions });
  return discuss(a, root, s.replies, { pool: s.pool ?? CAST, kernels: s.kernels, scripted: s.scripted, rerun: s.rerun, orphanAt: s.orphanAt, domain: s.domain });
}

/** Join non-empty blocks with blank lines. */
export function blocks(...parts: Array<string | false | undefined>): string {
  return parts.filter((x): x is string => typeof x === 'string' && x.length > 0).join('\n\n');
}

// Who reads what in analytics (libs/access ACCESS_POLICY says who may call at all): 案管, 办公室,
// 委领导 and 党风政风监督室 every row; a 纪检监察室 the rows of its zones and its own; 信访室 the
// petitions ledger and nothing else (the 信访 statistics).
import { isSupervisionOffice, seesAllZones, type Actor } from '@jiandu/access';
import { DomainException, forbidden } from '@jiandu/contracts';
import type { BookName } from '../domain/ledgers.js';
import type { RowScope } from '../projections/ledgers.projection.js';

const SEE_ALL = ['general-office'];

export function rowScope(actor: Actor, book: BookName): RowScope {
  if (actor.office === 'petition-office') {
    if (book === 'petitions') return { all: true };
    throw new DomainException(
      forbidden('FORBIDDEN_LEDGER', {
        zh: '信访室只能查阅信访台账和信访统计',
        en: 'the petition office reads the petitions ledger and the petition statistics only',
      }),
    );
  }
  if (seesAllZones(actor) || SEE_ALL.includes(actor.office)) return { all: true };
  if (isSupervisionOffice(actor)) return { zones: actor.zones, office: actor.office };
  throw new DomainException(forbidden());
}

/** The instant a read is made at: `asOf` if given (never in the future), else now. */
export function readInstant(asOf: string | undefined, now: Date): { at: Date; current: boolean } {
  if (asOf === undefined) return { at: now, current: true };
  const at = new Date(asOf);
  return at.getTime() >= now.getTime() ? { at: now, current: true } : { at, current: false };
}

/** `{ key: value }` when there is a value: optional fields are absent, never null, in a reply. */
export const optional = <K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } =>
  (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

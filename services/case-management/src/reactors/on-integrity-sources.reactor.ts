// Entries of the integrity files (廉政档案), appended from other offices' public events only: an
// inquiry's conclusion (谈话函询办结, a light measure among its outcomes), a verification's light
// measure, a sanction with its effect periods, 组宣部's opinion reply (its conclusion and citations).
// One row per source in INTEGRITY_SOURCES, with its `entryOf`.
//
// The subject: a sanction names it (`subjectRef`: a cadre's id, or the clue's id where the subject
// had none; from v2 on, the cadre the case's clue is linked to, `cadreId`, first, when review knew
// it from the case's transfer); an opinion reply names the cadre (its `cadreId`, no clue); an inquiry
// or a verification names the clue, and from v2 on the cadre the clue is linked to (`cadreId`, issue
// 12) when supervision knew the link. A cadre registered under that id, or the
// cadre 案管 linked the clue to, gets the entry; an event whose subject is no registered cadre is no
// error: the entry waits for the clue's link (`integrity_pending`), and is never retried or parked.
// The inbox row and the entry commit together; the decider drops an event it appended already.
import type { PoolClient } from 'pg';
import {
  publicityPublicEvents,
  reviewPublicEvents,
  supervisionPublicEvents,
  publishedVersions,
  type EventContract,
  type InquiryConcludedV2,
  type OpinionRepliedV1,
  type SanctionDecidedV2,
  type VerificationDecidedV2,
} from '@jiandu/contracts';
import type { PostgresEventStore } from '@jiandu/event-store';
import type { ConsumerSpec, IncomingEvent } from '@jiandu/messaging';
import { issuedOnEvent } from '../commands/clue.commands.js';
import { appendEntry, INTEGRITY_RECORDER, lockClueSubject, type IntegrityLimits } from '../commands/integrity.commands.js';
import type { EntryFacts } from '../domain/integrity-file.js';

/** What a source event adds to a file, and whose: `subjectRef` (a cadre id, maybe) and/or the clue. */
export interface SourcedEntry {
  subjectRef?: string;
  clueId?: string;
  entry: EntryFacts;
}

/** A source of entries: its durable consumer, the subject it reads, and the entry an event adds. */
export interface IntegritySource {
  durable: string;
  subject: string;
  /** The entry the event adds (none: the event adds nothing to a file). */
  entryOf: (data: Record<string, unknown>, eventId: string) => SourcedEntry | undefined;
}

/**
 * One source per published version of `contract` (ADR 0012): v1 keeps the durable it always had, a
 * later version's is suffixed. The runner validated the event against its own version and upcast it
 * to the latest before the handler sees it.
 */
const source = <T>(
  durable: string,
  contract: EventContract<T>,
  entryOf: (data: T, eventId: string) => SourcedEntry | undefined,
): IntegritySource[] =>
  publishedVersions(contract).map(({ version, subject }) => ({
    durable: `case-management--integrity-${durable}${version === 1 ? '' : `-v${version}`}`,
    subject,
    entryOf: (data, eventId) => entryOf(data as T, eventId),
  }));

/** Each source's entry, copied field by field from the (validated) event: ids, codes and dates only. */
export const entryFrom = {
  inquiryConcluded: (e: InquiryConcludedV2, eventId: string): SourcedEntry => ({
    ...(e.cadreId === undefined ? {} : { subjectRef: e.cadreId }),
    clueId: e.clueId,
    entry: {
      kind: e.outcome === 'light-measure' ? 'light-measure' : 'inquiry-conclusion',
      sourceType: 'InquiryConcluded',
      sourceRef: e.inquiryId,
      sourceEventId: eventId,
      clueId: e.clueId,
      clueNumber: e.clueNumber,
      occurredOn: e.concludedOn,
      outcome: e.outcome,
      ...(e.measure === undefined ? {} : { measure: e.measure }),
    },
  }),
  /** Only a light measure: a case filed appends by its sanction; a closed or shelved verification appends nothing. */
  verificationDecided: (e: VerificationDecidedV2, eventId: string): SourcedEntry | undefined =>
    e.decision !== 'light-measure'
      ? undefined
      : {
          ...(e.cadreId === undefined ? {} : { subjectRef: e.cadreId }),
          clueId: e.clueId,
          entry: {
            kind: 'light-measure',
            sourceType: 'VerificationDecided',
            sourceRef: e.verificationId,
            sourceEventId: eventId,
            clueId: e.clueId,
            clueNumber: e.clueNumber,
            occurredOn: e.decidedOn,
            outcome: e.decision,
          },
        },
  sanctionDecided: (e: SanctionDecidedV2, eventId: string): SourcedEntry => ({
    subjectRef: e.cadreId ?? e.subjectRef,
    clueId: e.clueId,
    entry: {
      kind: 'sanction',
      sourceType: 'SanctionDecided',
      sourceRef: e.caseId,
      sourceEventId: eventId,
      clueId: e.clueId,
      clueNumber: e.clueNumber,
      occurredOn: e.decidedOn,
      ...(e.party === undefined ? {} : { party: e.party }),
      ...(e.governmental === undefined ? {} : { governmental: e.governmental }),
    },
  }),
  /** The reply for one candidate: its conclusion and the items it cites (kind and number), no clue. */
  opinionReplied: (e: OpinionRepliedV1, eventId: string): SourcedEntry => ({
    subjectRef: e.cadreId,
    entry: {
      kind: 'opinion-reply',
      sourceType: 'OpinionReplied',
      sourceRef: e.requestId,
      sourceEventId: eventId,
      occurredOn: e.repliedOn,
      outcome: e.conclusion,
      citations: e.citations.map((c) => ({ kind: c.kind, number: c.number })),
    },
  }),
};

/** Every source of entries: adding one is adding a row. */
export const INTEGRITY_SOURCES: readonly IntegritySource[] = [
  ...source('inquiry-concluded', supervisionPublicEvents.InquiryConcluded, entryFrom.inquiryConcluded),
  ...source('verification-decided', supervisionPublicEvents.VerificationDecided, entryFrom.verificationDecided),
  ...source('sanction-decided', reviewPublicEvents.SanctionDecided, entryFrom.sanctionDecided),
  ...source('opinion-replied', publicityPublicEvents.OpinionReplied, entryFrom.opinionReplied),
];

/** The cadre an entry belongs to: the cadre registered under `subjectRef`, or the clue's linked cadre. */
async function cadreOf(tx: PoolClient, schema: string, sourced: SourcedEntry): Promise<string | undefined> {
  if (sourced.subjectRef !== undefined) {
    const { rows } = await tx.query<{ cadre_id: string }>(`SELECT cadre_id FROM ${schema}.cadres WHERE cadre_id = $1`, [
      sourced.subjectRef,
    ]);
    if (rows[0]) return rows[0].cadre_id;
  }
  if (sourced.clueId === undefined) return undefined;
  const { rows } = await tx.query<{ cadre_id: string }>(`SELECT cadre_id FROM ${schema}.cadre_clues WHERE clue_id = $1`, [
    sourced.clueId,
  ]);
  return rows[0]?.cadre_id;
}

/** Appends the entry to its cadre's file, or keeps it for the clue's link; answers what it did. */
export async function recordEntry(
  store: PostgresEventStore,
  tx: PoolClient,
  event: Pick<IncomingEvent, 'eventId' | 'metadata'>,
  sourced: SourcedEntry | undefined,
  at: Date,
  limits?: IntegrityLimits,
): Promise<'appended' | 'pending' | 'none'> {
  if (sourced === undefined) return 'none';
  if (sourced.clueId !== undefined) await lockClueSubject(tx, sourced.clueId);
  const cadreId = await cadreOf(tx, store.schema, sourced);
  if (cadreId !== undefined) {
    await appendEntry(store, tx, cadreId, sourced.entry, issuedOnEvent(INTEGRITY_RECORDER, event, at), limits);
    return 'appended';
  }
  if (sourced.clueId === undefined) return 'none';
  await tx.query(
    `INSERT INTO ${store.schema}.integrity_pending (source_event_id, clue_id, entry, received_at)
     VALUES ($1, $2, $3, $4) ON CONFLICT (source_event_id) DO NOTHING`,
    [event.eventId, sourced.clueId, sourced.entry, at.toISOString()],
  );
  return 'pending';
}

type Reactor = Omit<ConsumerSpec, 'stream'>;

export function onIntegritySources(
  store: PostgresEventStore,
  now: () => Date = () => new Date(),
  limits?: IntegrityLimits,
): Reactor[] {
  return INTEGRITY_SOURCES.map((s) => ({
    durable: s.durable,
    filterSubjects: [s.subject],
    handle: async (event: IncomingEvent, tx: PoolClient) => {
      await recordEntry(store, tx, event, s.entryOf(event.data, event.eventId), now(), limits);
    },
  }));
}

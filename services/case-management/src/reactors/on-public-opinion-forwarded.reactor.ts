// 组宣部's PublicOpinionForwarded (舆情 forwarded as a clue) becomes RegisterClue here, as a
// petition's transfer does: source `public-opinion`, its reference the item's id, numbered and routed
// to the office of the unit's zone on the day, in the consumer's transaction with the inbox row. The
// clue's id derives from the item, so a redelivery registers nothing twice. A 舆情 item concerns a
// unit and names nobody: the clue's subject is recorded as not yet named, for the office to identify.
import { publicityPublicEvents, type PublicOpinionForwardedV1 } from '@jiandu/contracts';
import type { PostgresEventStore } from '@jiandu/event-store';
import type { ConsumerSpec } from '@jiandu/messaging';
import { clueCommandOf, issuedOnEvent, placeClue, runClueCommand } from '../commands/clue.commands.js';
import type { ClueClockConfig } from '../domain/deadlines.js';
import { clueStream } from '../domain/problem-clue.js';
import { REGISTRAR } from './on-petition-transferred.reactor.js';

/** The contracts the service's registry must know to decode the event. */
export const PUBLIC_OPINION_CONTRACTS = [publicityPublicEvents.PublicOpinionForwarded];
export const clueIdForPublicOpinion = (itemId: string) => `c-${itemId}`;
export const UNNAMED = { name: '（舆情未具名）', position: '（待核实）' };

export function onPublicOpinionForwarded(
  store: PostgresEventStore,
  clock: ClueClockConfig,
  now: () => Date = () => new Date(),
): Omit<ConsumerSpec, 'stream'> {
  return {
    durable: 'case-management--public-opinion-forwarded',
    filterSubjects: [publicityPublicEvents.PublicOpinionForwarded.subject],
    maxDeliver: 8,
    async handle(event, tx) {
      const forwarded = event.data as PublicOpinionForwardedV1;
      const clueId = clueIdForPublicOpinion(forwarded.itemId);
      if ((await store.readStream(clueStream(clueId), 1, tx)).length > 0) return; // registered already
      const issued = issuedOnEvent(REGISTRAR, event, now());
      // an unregistered unit throws: retried with backoff, then parked for 案管 to see
      const placement = await placeClue(store, tx, forwarded.unitId, issued.context.now, clock);
      const command = clueCommandOf.registerClue(
        {
          source: 'public-opinion',
          reference: forwarded.itemId,
          categories: forwarded.categories,
          summary: forwarded.summary,
          accused: { ...UNNAMED, unitId: forwarded.unitId },
        },
        placement,
        clueId,
      );
      await runClueCommand(store, tx, command, issued, clock);
    },
  };
}

// What supervision learns from case-management's registry and clue register: units and their
// zones, dispatched agencies, each clue's subject and the cadre it is linked to (see
// projections/units.projection.ts).
import type { PoolClient } from 'pg';
import { caseManagementPublicEvents as cm, publishedVersions, type EventContract } from '@jiandu/contracts';
import type { ConsumerSpec, IncomingEvent } from '@jiandu/messaging';
import { projectRegistryEvent, type DataOf } from '../projections/units.projection.js';

type Spec = Omit<ConsumerSpec, 'stream'>;

/**
 * ClueRegistered, one durable consumer per published version (ADR 0012): v1 keeps the consumer it
 * always had, so a v1 message still in the stream is learnt after the upgrade; v2 gets its own.
 */
export const clueRegisteredDurable = ({ version }: Pick<EventContract, 'version'>) =>
  version === 1 ? 'supervision--clue-registered' : `supervision--clue-registered-v${version}`;

export function onRegistry(schema: string): Spec[] {
  return [
    ...publishedVersions(cm.ClueRegistered).map((contract): Spec => ({
      durable: clueRegisteredDurable(contract),
      filterSubjects: [contract.subject],
      // Decoded, validated against its own version and upcast to the latest by the consumer runner.
      async handle(event: IncomingEvent, tx: PoolClient) {
        await projectRegistryEvent(tx, schema, { type: 'ClueRegistered', data: event.data as DataOf<typeof cm.ClueRegistered> });
      },
    })),
    // The clue's link to a cadre (issue 12): the clue's later public events carry the cadre id.
    {
      durable: 'supervision--clue-linked-to-cadre',
      filterSubjects: [cm.ClueLinkedToCadre.subject],
      async handle(event: IncomingEvent, tx: PoolClient) {
        await projectRegistryEvent(tx, schema, {
          type: 'ClueLinkedToCadre',
          data: event.data as DataOf<typeof cm.ClueLinkedToCadre>,
        });
      },
    },
    {
      durable: 'supervision--zone-registered',
      filterSubjects: [cm.ZoneRegistered.subject],
      async handle(event: IncomingEvent, tx: PoolClient) {
        await projectRegistryEvent(tx, schema, { type: 'ZoneRegistered', data: event.data as DataOf<typeof cm.ZoneRegistered> });
      },
    },
    // One subject per consumer (NATS 2.9 has no multi-subject filter). The unit and its memberships
    // are separate rows, so the two may arrive in either order.
    {
      durable: 'supervision--unit-registered',
      filterSubjects: [cm.UnitRegistered.subject],
      async handle(event: IncomingEvent, tx: PoolClient) {
        await projectRegistryEvent(tx, schema, { type: 'UnitRegistered', data: event.data as DataOf<typeof cm.UnitRegistered> });
      },
    },
    {
      durable: 'supervision--unit-assigned-to-zone',
      filterSubjects: [cm.UnitAssignedToZone.subject],
      async handle(event: IncomingEvent, tx: PoolClient) {
        await projectRegistryEvent(tx, schema, {
          type: 'UnitAssignedToZone',
          data: event.data as DataOf<typeof cm.UnitAssignedToZone>,
        });
      },
    },
  ];
}

// What the supervision service learns from case-management: the subject of each clue (so an
// inquiry never asks anyone to retype it), approved dispositions that open an inquiry or a
// verification, and the dispatched agencies that owe quarterly reports.
import type { PoolClient } from 'pg';
import { caseManagementPublicEvents as cm, type EventContract } from '@jiandu/contracts';
import type { ConsumerSpec, IncomingEvent } from '@jiandu/messaging';
import type { ServiceContext } from '@jiandu/runtime';
import { inquiries, verifications } from './records/kinds.js';
import { runCommand, systemCaller } from './supervision.rpc.js';

type DataOf<C> = C extends EventContract<infer T> ? T : never;
type Spec = Omit<ConsumerSpec, 'stream'>;

/** Retried with backoff, then parked with its reason: the clue's registration has not arrived yet. */
export class SubjectNotYetKnownError extends Error {}

export const inquiryIdFor = (clueId: string) => `i-${clueId}`;
export const verificationIdFor = (clueId: string) => `v-${clueId}`;

export function supervisionConsumers(ctx: ServiceContext): Spec[] {
  const schema = ctx.store.schema;
  return [
    {
      durable: 'supervision--clue-registered',
      filterSubjects: [cm.ClueRegistered.subject],
      async handle(event: IncomingEvent, tx: PoolClient) {
        const d = event.data as DataOf<typeof cm.ClueRegistered>;
        await tx.query(`INSERT INTO ${schema}.clue_subjects (clue_id, name, position) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
          d.clueId,
          d.accused.name,
          d.accused.position,
        ]);
      },
    },
    {
      durable: 'supervision--disposition-approved',
      filterSubjects: [cm.DispositionApproved.subject],
      maxDeliver: 10,
      async handle(event: IncomingEvent, tx: PoolClient) {
        const d = event.data as DataOf<typeof cm.DispositionApproved>;
        if (d.kind !== 'inquiry' && d.kind !== 'verification') return;
        const { rows } = await tx.query<{ name: string; position: string }>(`SELECT name, position FROM ${schema}.clue_subjects WHERE clue_id = $1`, [d.clueId]);
        if (!rows[0]) throw new SubjectNotYetKnownError(`clue ${d.clueId} not registered here yet`);
        const subject = { name: rows[0].name, position: rows[0].position };
        const origin = { clueId: d.clueId, clueNumber: d.number, ...(d.sourceRef ? { sourceRef: d.sourceRef } : {}), unitId: d.unitId, office: d.assignedOffice, subject };
        const by = systemCaller(d.assignedOffice, event.metadata.correlationId, event.eventId);
        if (d.kind === 'inquiry') {
          const inquiryId = inquiryIdFor(d.clueId);
          if ((await ctx.store.readStream(inquiries.stream(inquiryId), 1, tx)).length) return;
          await runCommand(ctx, 'inquiry', inquiryId, { type: 'OpenInquiry', data: { inquiryId, ...origin, round: 1 } }, by, tx);
        } else {
          const verificationId = verificationIdFor(d.clueId);
          if ((await ctx.store.readStream(verifications.stream(verificationId), 1, tx)).length) return;
          await runCommand(ctx, 'verification', verificationId, { type: 'OpenVerification', data: { verificationId, ...origin } }, by, tx);
        }
      },
    },
    {
      durable: 'supervision--zone-registered',
      filterSubjects: [cm.ZoneRegistered.subject],
      async handle(event: IncomingEvent, tx: PoolClient) {
        const d = event.data as DataOf<typeof cm.ZoneRegistered>;
        if (!d.office.startsWith('dispatched-agency-')) return;
        await tx.query(`INSERT INTO ${schema}.agencies (office, zone_id) VALUES ($1, $2) ON CONFLICT (office) DO UPDATE SET zone_id = $2`, [d.office, d.zoneId]);
      },
    },
  ];
}

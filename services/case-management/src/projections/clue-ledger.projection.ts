// The clue ledger (台账): one row per clue in `clue_ledger`, written in the same transaction as the
// clue's events, so the register never shows a clue its events do not. The status words are the
// contract's (ClueStatus); LEDGER_STATUS says which one each state of the clue shows.
import type { PoolClient } from 'pg';
import { OTHER_CATEGORY, type ClueSource, type ClueStatus, type Disposition } from '@jiandu/contracts';
import { STATUS_AFTER_APPROVAL, type ClueEvent, type ProblemClue } from '../domain/problem-clue.js';

/** A row of `clue_ledger` as the queries read it. */
export interface ClueLedgerRow {
  clue_id: string;
  number: string;
  status: ClueStatus;
  source: ClueSource;
  source_ref: string;
  unit_id: string;
  zone_id: string;
  categories: string[];
  category: string | null;
  assigned_office: string | null;
  registered_at: Date;
  /** YYYY-MM-DD (to_char), null until the clue is assigned. */
  disposition_deadline: string | null;
  disposition: Disposition | null;
}

/** The ledger status of each state of a registered clue. A rejected proposal leaves the clue assigned. */
export const LEDGER_STATUS = {
  Registered: 'registered',
  Assigned: 'assigned',
  DispositionProposed: 'disposition-proposed',
  DispositionRejected: 'assigned',
  InInquiry: 'in-inquiry',
  InVerification: 'in-verification',
  Shelved: 'shelved',
  Closed: 'closed',
  ToInvestigation: 'to-investigation',
  Sanctioned: 'sanctioned',
  Reactivated: 'reactivated',
} as const satisfies Record<Exclude<ProblemClue['status'], 'Initial'>, ClueStatus>;

/** What the ledger shows for a clue in `state` (a command's answer: where the clue now stands). */
export function ledgerStatus(state: Exclude<ProblemClue, { status: 'Initial' }>): ClueStatus {
  return LEDGER_STATUS[state.status];
}

/** Writes the ledger row changes of a clue's new events; `occurredAt`: when they were decided. */
export async function projectClueEvents(
  tx: PoolClient,
  schema: string,
  events: readonly ClueEvent[],
  occurredAt: string,
): Promise<void> {
  for (const event of events) await projectClueEvent(tx, schema, event, occurredAt);
}

export async function projectClueEvent(tx: PoolClient, schema: string, event: ClueEvent, occurredAt: string): Promise<void> {
  const ledger = `${schema}.clue_ledger`;
  switch (event.type) {
    case 'ClueRegistered': {
      const d = event.data;
      await tx.query(
        `INSERT INTO ${ledger} (clue_id, number, status, source, source_ref, unit_id, zone_id, categories, category, registered_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          d.clueId,
          d.number,
          LEDGER_STATUS.Registered,
          d.source,
          d.sourceRef,
          d.unitId,
          d.zoneId,
          // A clue registered before the codes (stored as v1/v2) reads as coded `other`, its text kept.
          (d as Partial<typeof d>).categories ?? [OTHER_CATEGORY],
          d.category ?? null,
          d.registeredAt,
          occurredAt,
        ],
      );
      return;
    }
    case 'ClueAssigned':
      await tx.query(
        `UPDATE ${ledger} SET status = $2, assigned_office = $3, disposition_deadline = $4, updated_at = $5 WHERE clue_id = $1`,
        [event.data.clueId, LEDGER_STATUS.Assigned, event.data.assignedOffice, event.data.dispositionDeadline, occurredAt],
      );
      return;
    case 'DispositionProposed': {
      const disposition: Disposition = { kind: event.data.kind, reason: event.data.reason, decision: 'pending' };
      await tx.query(`UPDATE ${ledger} SET status = $2, disposition = $3, updated_at = $4 WHERE clue_id = $1`, [
        event.data.clueId,
        LEDGER_STATUS.DispositionProposed,
        disposition,
        occurredAt,
      ]);
      return;
    }
    case 'DispositionRejected': {
      const decision: Partial<Disposition> = { decision: 'rejected', note: event.data.note };
      await tx.query(
        `UPDATE ${ledger} SET status = $2, disposition = disposition || $3::jsonb, updated_at = $4 WHERE clue_id = $1`,
        [event.data.clueId, LEDGER_STATUS.DispositionRejected, decision, occurredAt],
      );
      return;
    }
    case 'DispositionApproved': {
      const decision: Partial<Disposition> =
        event.data.note === undefined ? { decision: 'approved' } : { decision: 'approved', note: event.data.note };
      await tx.query(
        `UPDATE ${ledger} SET status = $2, disposition = disposition || $3::jsonb, updated_at = $4 WHERE clue_id = $1`,
        [event.data.clueId, LEDGER_STATUS[STATUS_AFTER_APPROVAL[event.data.kind]], decision, occurredAt],
      );
      return;
    }
    case 'ClueOutcomeRecorded':
      await tx.query(`UPDATE ${ledger} SET status = $2, updated_at = $3 WHERE clue_id = $1`, [
        event.data.clueId,
        LEDGER_STATUS[event.data.status],
        occurredAt,
      ]);
      return;
    case 'ClueReactivated':
      // A disposition is needed again: the shelving that was approved is history (the clue's events).
      await tx.query(
        `UPDATE ${ledger} SET status = $2, disposition_deadline = $3, disposition = NULL, updated_at = $4 WHERE clue_id = $1`,
        [event.data.clueId, LEDGER_STATUS.Reactivated, event.data.dispositionDeadline, occurredAt],
      );
      return;
    case 'ClueShelved':
    case 'ClueClosed':
      return; // the approval already set the status
    case 'ClueSubjectRecorded':
      return; // the name stays in the clue's private events, out of the ledger's list
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

// The integrity files' read models, written in the same transaction as their events: `cadres` (the
// file's row, with the name and the staff accounts for 回避), `integrity_entries`, `cadre_clues`
// and `integrity_access_requests` (each request with its reads and refused reads). The file's
// one-month clock starts when it opens and stops when it is complete (libs/deadlines).
import type { PoolClient } from 'pg';
import { ruleText, startClock, stopClock, type ClockEvents } from '@jiandu/deadlines';
import type { AccessEvent } from '../domain/integrity-access.js';
import type { CadreEvent, IntegrityEntryAppended } from '../domain/integrity-file.js';

export const INTEGRITY_FILE_CLOCK = 'integrity-file';
export const integrityClockId = (cadreId: string) => `${INTEGRITY_FILE_CLOCK}:${cadreId}`;

export interface CadreRow {
  cadre_id: string;
  name: string;
  unit_id: string;
  position: string;
  level: string;
  staff_sub: string | null;
  relative_subs: string[];
  file_status: 'open' | 'complete';
  opened_on: string;
  due_on: string;
  completed_on: string | null;
  entry_count: number;
}

export interface EntryRow {
  entry_id: string;
  seq: number;
  entry: IntegrityEntryAppended['data'];
  recorded_at: Date;
}

export interface AccessRequestRow {
  request_id: string;
  cadre_id: string;
  requester_sub: string;
  requester_office: string;
  reason: string;
  status: 'requested' | 'approved' | 'rejected';
  requested_at: Date;
  decided_at: Date | null;
  reads: number;
  refusals: number;
}

export async function projectCadreEvents(
  tx: PoolClient,
  store: ClockEvents,
  events: readonly CadreEvent[],
  occurredAt: string,
  limits: { months: number },
): Promise<void> {
  const schema = store.schema;
  for (const event of events) {
    switch (event.type) {
      case 'CadreRegistered':
        break; // the file's row is written with IntegrityFileOpened, which follows in the same decision
      case 'IntegrityFileOpened': {
        const registered = events.find((e) => e.type === 'CadreRegistered');
        if (registered?.type !== 'CadreRegistered') throw new Error('IntegrityFileOpened without its CadreRegistered');
        const r = registered.data;
        const d = event.data;
        await tx.query(
          `INSERT INTO ${schema}.cadres (cadre_id, name, unit_id, position, level, staff_sub, relative_subs, file_status,
                                         opened_on, due_on, registered_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9, $10, $10)`,
          [d.cadreId, r.name, d.unitId, d.position, d.level, r.staffSub ?? null, r.relativeSubs, d.openedOn, d.dueOn, occurredAt],
        );
        await startClock(tx, store, {
          id: integrityClockId(d.cadreId),
          measures: INTEGRITY_FILE_CLOCK,
          rule: ruleText('廉政档案建立', { months: limits.months }),
          limit: { months: limits.months },
          startedOn: d.openedOn,
          dueOn: d.dueOn,
          subject: d.cadreId,
          office: 'case-management',
          unitId: d.unitId,
        });
        break;
      }
      case 'IntegrityEntryAppended': {
        const d = event.data;
        const seq = Number(d.entryId.slice(d.entryId.lastIndexOf(':') + 1));
        await tx.query(
          `INSERT INTO ${schema}.integrity_entries (entry_id, cadre_id, seq, source_event_id, entry, recorded_at)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [d.entryId, d.cadreId, seq, d.sourceEventId, d, occurredAt],
        );
        await tx.query(`UPDATE ${schema}.cadres SET entry_count = entry_count + 1, updated_at = $2 WHERE cadre_id = $1`, [
          d.cadreId,
          occurredAt,
        ]);
        break;
      }
      case 'IntegrityFileCompleted':
        await tx.query(
          `UPDATE ${schema}.cadres SET file_status = 'complete', completed_on = $2, updated_at = $3 WHERE cadre_id = $1`,
          [event.data.cadreId, event.data.completedOn, occurredAt],
        );
        await stopClock(tx, store, integrityClockId(event.data.cadreId), event.data.completedOn);
        break;
      case 'ClueLinkedToCadre':
        await tx.query(`INSERT INTO ${schema}.cadre_clues (clue_id, cadre_id, linked_at) VALUES ($1, $2, $3)`, [
          event.data.clueId,
          event.data.cadreId,
          occurredAt,
        ]);
        break;
      default: {
        const unknown: never = event;
        return unknown;
      }
    }
  }
}

export async function projectAccessEvents(tx: PoolClient, schema: string, events: readonly AccessEvent[]): Promise<void> {
  const table = `${schema}.integrity_access_requests`;
  for (const event of events) {
    switch (event.type) {
      case 'IntegrityFileAccessRequested': {
        const d = event.data;
        await tx.query(
          `INSERT INTO ${table} (request_id, cadre_id, requester_sub, requester_office, reason, status, requested_at)
           VALUES ($1, $2, $3, $4, $5, 'requested', $6)`,
          [d.requestId, d.cadreId, d.requestedBy.sub, d.requestedBy.office, d.reason, d.requestedAt],
        );
        break;
      }
      case 'IntegrityFileAccessApproved':
        await tx.query(`UPDATE ${table} SET status = 'approved', decided_at = $2 WHERE request_id = $1`, [
          event.data.requestId,
          event.data.approvedAt,
        ]);
        break;
      case 'IntegrityFileAccessRejected':
        await tx.query(`UPDATE ${table} SET status = 'rejected', decided_at = $2 WHERE request_id = $1`, [
          event.data.requestId,
          event.data.rejectedAt,
        ]);
        break;
      case 'IntegrityFileAccessed':
        await tx.query(`UPDATE ${table} SET reads = reads + 1, last_read_at = $2 WHERE request_id = $1`, [
          event.data.requestId,
          event.data.accessedAt,
        ]);
        break;
      case 'IntegrityFileAccessRefused':
        await tx.query(`UPDATE ${table} SET refusals = refusals + 1 WHERE request_id = $1`, [event.data.requestId]);
        break;
      default: {
        const unknown: never = event;
        return unknown;
      }
    }
  }
}

// The rectification items list (整改台账), kept in the same transaction as their events.
import type { PoolClient } from 'pg';
import type { RectificationSource } from '@jiandu/contracts';
import type { RectificationEvent } from '../domain/rectification.js';
import { recordsOf } from './records.table.js';

/** What a rectification item's row shows besides the common columns; the description only in the detail. */
export interface RectificationFacts {
  source: RectificationSource;
  sourceRef?: string;
  description?: string;
}

export const rectificationRecords = recordsOf<RectificationFacts>('rectification');

export async function projectRectificationEvent(
  tx: PoolClient,
  schema: string,
  event: RectificationEvent,
  at: string,
): Promise<void> {
  const patch = (id: string, change: Parameters<typeof rectificationRecords.patch>[3]) =>
    rectificationRecords.patch(tx, schema, id, change, at);
  switch (event.type) {
    case 'RectificationOpened': {
      const d = event.data;
      const facts: RectificationFacts = {
        source: d.source,
        ...(d.sourceRef ? { sourceRef: d.sourceRef } : {}),
        description: d.description,
      };
      await rectificationRecords.insert(
        tx,
        schema,
        { id: d.rectificationId, status: 'opened', office: d.office, unitId: d.unitId, dueOn: d.dueOn, facts },
        at,
      );
      return;
    }
    case 'RectificationProgressReported':
      return patch(event.data.rectificationId, { status: 'in-progress' });
    case 'RectificationCompleted':
      return patch(event.data.rectificationId, { status: 'completed' });
    case 'RectificationVerified':
      return patch(event.data.rectificationId, { status: 'verified' });
    case 'RectificationReopened':
      return patch(event.data.rectificationId, { status: 'reopened', dueOn: event.data.dueOn });
    case 'RectificationReopeningReasonRecorded':
      return;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

// Who sees which rows, for every supervision query.
import { seesAllZones, type Actor } from '@jiandu/access';
import { DomainException, notFound } from '@jiandu/contracts';
import type { RecordScope, StoredRecord } from '../projections/records.table.js';

/** 委领导, 党风政风监督室 and 案管 see every list; 办公室 every oversight task; an office what it handles. */
export function scopeOf(actor: Actor, list: 'records' | 'oversight-tasks' | 'clocks'): RecordScope {
  if (seesAllZones(actor)) return { all: true };
  if (list === 'oversight-tasks' && actor.office === 'general-office') return { all: true };
  return { office: actor.office };
}

/** The row, or "not found" also for another office's row: its existence is need-to-know too. */
export function visible<F>(record: StoredRecord<F> | undefined, scope: RecordScope): StoredRecord<F> {
  if (
    !record ||
    ('office' in scope && record.office !== scope.office) ||
    ('offices' in scope && !scope.offices.includes(record.office))
  )
    throw new DomainException(notFound({ zh: '记录', en: 'record' }, 'NOT_FOUND'));
  return record;
}

// "Is a sanction in effect on date D for subject X" (by the subject's reference, or by the cadre id
// the case carried, issue 12): each decided sanction with its effect period, and whether it is in
// effect on the date asked (today on the service's clock by default).
import type { Pool } from 'pg';
import { reviewOperations as ops, SANCTION_LABELS, type SanctionSide } from '@jiandu/contracts';
import { localDate } from '@jiandu/decision';
import type { Handler, ResponseOf } from '@jiandu/runtime';
import { inEffectOn } from '../domain/sanction-periods.js';

type Item = ResponseOf<typeof ops.listSanctions>['items'][number];

interface Row {
  case_id: string;
  side: SanctionSide;
  kind: string;
  subject_ref: string;
  subject_position: string;
  cadre_id: string | null;
  unit_id: string;
  effective_from: string;
  effective_until: string | null;
  rule: string;
  ended: boolean;
  total: string;
}

export function sanctionQueries(pool: Pool, schema: string, now: () => Date) {
  const list: Handler<typeof ops.listSanctions> = async (call) => {
    const { subjectRef, cadreId, caseId, onDate, page = 1, pageSize = 20 } = call.payload;
    const day = onDate ?? localDate(now());
    const { rows } = await pool.query<Row>(
      `SELECT case_id, side, kind, subject_ref, subject_position, cadre_id, unit_id,
              to_char(effective_from, 'YYYY-MM-DD') AS effective_from, to_char(effective_until, 'YYYY-MM-DD') AS effective_until,
              rule, ended, count(*) OVER () AS total
         FROM ${schema}.sanctions
        WHERE ($1::text IS NULL OR subject_ref = $1) AND ($2::text IS NULL OR case_id = $2) AND ($5::text IS NULL OR cadre_id = $5)
        ORDER BY effective_from DESC, case_id, side LIMIT $3 OFFSET $4`,
      [subjectRef ?? null, caseId ?? null, pageSize, (page - 1) * pageSize, cadreId ?? null],
    );
    const items: Item[] = rows.map((r) => {
      const effect = { effectiveFrom: r.effective_from, ...(r.effective_until ? { effectiveUntil: r.effective_until } : {}) };
      const labels: Record<string, string> = SANCTION_LABELS[r.side];
      return {
        caseId: r.case_id,
        subjectRef: r.subject_ref,
        subjectPosition: r.subject_position,
        ...(r.cadre_id === null ? {} : { cadreId: r.cadre_id }),
        unitId: r.unit_id,
        side: r.side,
        kind: r.kind,
        label: labels[r.kind] ?? r.kind,
        ...effect,
        rule: r.rule,
        ended: r.ended,
        onDate: day,
        inEffect: inEffectOn(effect, day),
      };
    });
    return { items, total: rows[0] ? Number(rows[0].total) : 0, onDate: day, anyInEffect: items.some((i) => i.inEffect) };
  };
  return { list };
}

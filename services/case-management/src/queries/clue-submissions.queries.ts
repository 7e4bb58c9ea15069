// The submitted clues, scoped by need to know: 案管, 党风政风监督室 and leadership see every
// submission; a 纪检监察室 or 派驻机构 only its own.
import type { Pool, PoolClient } from 'pg';
import { authorize, isDispatchedAgency, isSupervisionOffice, seesAllZones, type Actor } from '@jiandu/access';
import { DomainException, forbidden, type caseManagementOperations as ops, type ClueSubmission } from '@jiandu/contracts';
import type { Handler, ServiceContext } from '@jiandu/runtime';
import type { Static } from '@sinclair/typebox';
import type { ClueSubmissionRow } from '../projections/clue-submissions.projection.js';

type Submission = Static<typeof ClueSubmission>;

const COLUMNS = `s.submission_id, s.office, s.status, s.source, s.reference, s.unit_id, s.categories, s.category, s.summary,
                 s.accused, s.submitted_at, s.clue_id, l.number AS clue_number, s.decline_reason`;

export function toSubmission(row: ClueSubmissionRow): Submission {
  return {
    id: row.submission_id,
    status: row.status,
    office: row.office,
    source: row.source,
    reference: row.reference,
    unitId: row.unit_id,
    categories: row.categories,
    ...(row.category === null ? {} : { category: row.category }),
    summary: row.summary,
    accused: row.accused,
    submittedAt: row.submitted_at.toISOString(),
    ...(row.clue_id === null ? {} : { clueId: row.clue_id }),
    ...(row.clue_number === null ? {} : { clueNumber: row.clue_number }),
    ...(row.decline_reason === null ? {} : { declineReason: row.decline_reason }),
  };
}

export async function readSubmission(
  db: Pool | PoolClient,
  schema: string,
  submissionId: string,
): Promise<Submission | undefined> {
  const { rows } = await db.query<ClueSubmissionRow>(
    `SELECT ${COLUMNS} FROM ${schema}.clue_submissions s LEFT JOIN ${schema}.clue_ledger l ON l.clue_id = s.clue_id
      WHERE s.submission_id = $1`,
    [submissionId],
  );
  return rows[0] && toSubmission(rows[0]);
}

/** All (undefined), or only the caller's own office's. */
function submissionScope(actor: Actor): string | undefined {
  const refused = () =>
    new DomainException(forbidden('FORBIDDEN_OFFICE', { zh: '无权查看报送的问题线索', en: 'you may not read clue submissions' }));
  if (!authorize('list-clue-submissions', actor).ok) throw refused();
  if (seesAllZones(actor)) return undefined;
  if (isSupervisionOffice(actor) || isDispatchedAgency(actor)) return actor.office;
  throw refused();
}

export function clueSubmissionQueries({ store, pool }: Pick<ServiceContext, 'store' | 'pool'>) {
  const listClueSubmissions: Handler<typeof ops.listClueSubmissions> = async (call) => {
    const onlyOffice = submissionScope(call.actor);
    const { status, page = 1, pageSize = 20 } = call.payload;
    const conditions: string[] = [];
    const values: unknown[] = [];
    if (onlyOffice !== undefined) {
      values.push(onlyOffice);
      conditions.push(`s.office = $${values.length}`);
    }
    if (status !== undefined) {
      values.push(status);
      conditions.push(`s.status = $${values.length}`);
    }
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const schema = store.schema;
    const { rows } = await pool.query<ClueSubmissionRow>(
      `SELECT ${COLUMNS} FROM ${schema}.clue_submissions s LEFT JOIN ${schema}.clue_ledger l ON l.clue_id = s.clue_id
        ${where} ORDER BY s.submitted_at DESC, s.submission_id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      values,
    );
    const count = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.clue_submissions s ${where}`, values);
    return { items: rows.map(toSubmission), total: Number(count.rows[0]!.n) };
  };
  return { listClueSubmissions };
}

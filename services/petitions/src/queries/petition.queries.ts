// What the petition office reads, and what an anonymous reporter sees by lookup code. One petition
// is a typed query on its own stream (a handful of events): it folds the typed event union and
// answers the contract's response shape. The office's list reads the rows of
// projections/petition-list.projection.ts.
import type { Static } from '@sinclair/typebox';
import type { Actor } from '@jiandu/access';
import {
  DomainException,
  forbidden,
  notFound,
  petitionOperations as ops,
  PROBLEM_CATEGORIES,
  type LookupResponse,
  type Petition as PetitionView,
  type PetitionSummary,
} from '@jiandu/contracts';
import type { RecordedEvent } from '@jiandu/event-store';
import { fromStored, type Handler, type ServiceContext } from '@jiandu/runtime';
import {
  evolve,
  initialState,
  PETITION_OFFICE,
  petitionStatus,
  petitionStream,
  type Petition,
  type PetitionEvent,
  type PetitionRecorded,
  type PetitionRegistered,
} from '../domain/petition.js';
import { petitionOfLookupCode } from '../lookup-codes/lookup-code.js';
import { petitionListTable, petitionRepeatsTable, type PetitionRow } from '../projections/petition-list.projection.js';

type Ops = typeof ops;
type Status = Static<typeof LookupResponse>;

/** Whether the event changes what a reporter following the case may see; reading the identity does not. */
function changesStatus(event: PetitionEvent): boolean {
  switch (event.type) {
    case 'PetitionRecorded':
    case 'PetitionRegistered':
    case 'PetitionScreened':
    case 'PetitionAccepted':
    case 'PetitionNotAccepted':
    case 'PetitionForwardedToSuperior':
    case 'PetitionForwardedToSubordinate':
    case 'DuplicatePetitionFiled':
    case 'PetitionTransferred':
    case 'PetitionConcluded':
    case 'FeedbackDelivered':
      return true;
    case 'RepeatsProposed':
    case 'RepeatConfirmed':
    case 'RepeatRejected':
    case 'NotAcceptanceNoted':
    case 'AcceptanceNotified':
    case 'ObjectionRaised':
    case 'ReporterIdentityRead':
      return false;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

/** The folded state and when its status last changed. */
function fold(events: RecordedEvent[]): { state: Petition; updatedAt: string } {
  let state = initialState();
  let updatedAt = '';
  for (const recorded of events) {
    const event = fromStored<PetitionEvent>(recorded);
    state = evolve(state, event);
    if (changesStatus(event)) updatedAt = recorded.metadata.occurredAt;
  }
  return { state, updatedAt };
}

/** The status and when it last changed; undefined for a petition that does not exist. */
export function statusOf(events: RecordedEvent[]): Status | undefined {
  const { state, updatedAt } = fold(events);
  return state.status === 'Initial' ? undefined : { status: petitionStatus(state), updatedAt };
}

/** The content, from the particulars (or a PetitionRegistered of before the public contracts). */
function contentOf(first: RecordedEvent): string | undefined {
  if (first.type === 'PetitionRecorded') return fromStored<PetitionRecorded>(first).data.content;
  if (first.type !== 'PetitionRegistered') return undefined;
  const data = fromStored<PetitionRegistered>(first).data;
  return 'content' in data ? data.content : undefined;
}

/** The petition as its events tell it, without the reporter. */
export function petitionView(events: RecordedEvent[]): Static<typeof PetitionView> | undefined {
  const [first] = events;
  const { state, updatedAt } = fold(events);
  const content = first && contentOf(first);
  if (!first || content === undefined || state.status === 'Initial') return undefined;
  const { repeats } = state;
  return {
    id: state.petitionId,
    status: petitionStatus(state),
    channel: state.channel,
    realName: state.realName,
    accused: { ...state.accused },
    categories: [...state.categories],
    ...(state.category === undefined ? {} : { category: state.category }),
    concernsCommissionHead: state.concernsCommissionHead,
    summary: state.summary,
    content,
    registeredAt: first.metadata.occurredAt,
    updatedAt,
    ...(state.status === 'ForwardedToSubordinate' ? { forwardedTo: state.body } : {}),
    ...(state.status === 'DuplicateFiled' ? { duplicateOf: state.duplicateOf } : {}),
    repeats: { proposed: [...repeats.proposed], confirmed: [...repeats.confirmed], rejected: [...repeats.rejected] },
    repeatCount: repeats.confirmed.length,
    ...(state.notifiedOn === undefined ? {} : { acceptanceNotifiedOn: state.notifiedOn }),
    objections: state.objections,
    history: events.map((e) => ({
      type: e.type,
      at: e.metadata.occurredAt,
      actor: { sub: e.metadata.actor.sub, name: e.metadata.actor.name, office: e.metadata.actor.office },
    })),
  };
}

function requirePetitionOffice(actor: Actor): void {
  if (actor.office !== PETITION_OFFICE) {
    throw new DomainException(
      forbidden('FORBIDDEN_OFFICE', { zh: '只有信访室可以查看信访件', en: 'only the petition office reads petitions' }),
    );
  }
}

type Summary = Static<typeof PetitionSummary>;
const summaryOf = (row: PetitionRow): Summary => ({
  id: row.petition_id,
  status: row.status,
  channel: row.channel as Summary['channel'],
  realName: row.real_name,
  categories: row.categories as Summary['categories'],
  ...(row.category === null ? {} : { category: row.category }),
  unitId: row.unit_id,
  summary: row.summary,
  registeredAt: row.registered_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  repeatCount: Number(row.repeat_count ?? 0),
  proposedRepeats: Number(row.proposed_repeats ?? 0),
});

/** The code and every code beneath it in the category list ('integrity' finds 'eight-rules.banqueting'). */
function withDescendants(code: string): string[] {
  const found = [code];
  for (let i = 0; i < found.length; i++)
    for (const c of PROBLEM_CATEGORIES as readonly { code: string; parent?: string }[])
      if (c.parent === found[i] && !found.includes(c.code)) found.push(c.code);
  return found;
}

/** `%`, `_` and `\\` of the search words match themselves. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function petitionQueries({ store, pool }: Pick<ServiceContext, 'store' | 'pool'>) {
  // The petition office's own list, newest first: filters on the row's columns, the words on the
  // summary and the content (a substring: Chinese text has no spaces). Beijing days for the range.
  const listPetitions: Handler<Ops['listPetitions']> = async (call) => {
    requirePetitionOffice(call.actor);
    const { status, channel, category, unitId, from, to, q, page = 1, pageSize = 20 } = call.payload;
    const where: string[] = [];
    const values: unknown[] = [];
    const filter = (sql: string, value: unknown) => {
      values.push(value);
      where.push(sql.replaceAll('?', `$${values.length}`));
    };
    if (status !== undefined) filter('p.status = ?', status);
    if (channel !== undefined) filter('p.channel = ?', channel);
    if (category !== undefined) filter('p.categories && ?::text[]', withDescendants(category));
    if (unitId !== undefined) filter('p.unit_id = ?', unitId);
    if (from !== undefined) filter(`(p.registered_at AT TIME ZONE 'Asia/Shanghai')::date >= ?::date`, from);
    if (to !== undefined) filter(`(p.registered_at AT TIME ZONE 'Asia/Shanghai')::date <= ?::date`, to);
    if (q !== undefined) filter('(p.summary ILIKE ? OR p.content ILIKE ?)', likePattern(q));
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const list = petitionListTable(store.schema);
    const repeats = petitionRepeatsTable(store.schema);
    const rows = await pool.query<PetitionRow>(
      `SELECT p.*,
              (SELECT count(*) FROM ${repeats} r WHERE r.petition_id = p.petition_id AND r.state = 'confirmed') AS repeat_count,
              (SELECT count(*) FROM ${repeats} r WHERE r.petition_id = p.petition_id AND r.state = 'proposed') AS proposed_repeats
         FROM ${list} p ${clause}
        ORDER BY p.registered_at DESC, p.petition_id
        LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      values,
    );
    const count = await pool.query<{ total: string }>(`SELECT count(*) AS total FROM ${list} p ${clause}`, values);
    return { items: rows.rows.map(summaryOf), total: Number(count.rows[0]?.total ?? 0) };
  };

  const getPetition: Handler<Ops['getPetition']> = async (call) => {
    requirePetitionOffice(call.actor);
    const view = petitionView(await store.readStream(petitionStream(call.payload.petitionId)));
    if (!view) throw new DomainException(notFound({ zh: '信访件', en: 'petition' }, 'PETITION_NOT_FOUND'));
    return view;
  };

  // Anonymous: the code is the only credential, and the answer carries nothing but the status.
  const lookup: Handler<Ops['lookup']> = async (call) => {
    const petitionId = await petitionOfLookupCode(pool, store.schema, call.payload.lookupCode);
    const found = petitionId && statusOf(await store.readStream(petitionStream(petitionId)));
    if (!found)
      throw new DomainException(notFound({ zh: '查询码对应的信访件', en: 'petition for this lookup code' }, 'LOOKUP_NOT_FOUND'));
    return found;
  };

  return { getPetition, listPetitions, lookup };
}

// IntegrityFile 廉政档案 (案管室): one per district-managed cadre (区管干部), opened when 案管 registers
// the cadre and to be complete within a month (灞纪发〔2020〕10号: 一人一档, 动态更新). Entries are
// appended from other offices' events only (an inquiry's conclusion, a light measure, a sanction),
// by the system, never typed and never edited: the same event appends once; a later event about the
// same item (the same inquiry, the same case) is a correction, a new entry referencing the old one.
// The name and the staff accounts (回避) stay in the private CadreRegistered; the public events
// carry the cadre's id, unit, position and level. The shape is the contract's; this decider checks
// who acts and the file's state.
import { defaultCalendar, type WorkingCalendar } from '@jiandu/calendar';
import type {
  CadreLevel,
  Citation,
  DomainError,
  GovernmentalSanctionKind,
  IntegrityEntryKind,
  PartySanctionKind,
} from '@jiandu/contracts';
import { deciderOf, localDate, refusal, type DecisionContext } from '@jiandu/decision';
import { CASE_MANAGEMENT } from './problem-clue.js';

export const cadreStream = (cadreId: string) => `cadre-${cadreId}`;
export const DEFAULT_INTEGRITY_FILE_MONTHS = 1;

export interface IntegrityFileConfig {
  calendar?: WorkingCalendar;
  /** INTEGRITY_FILE_MONTHS: months from registration until the file must be complete (default 1). */
  months?: number;
}

/** What 案管 registers of a cadre; `name`, `staffSub` and `relativeSubs` never leave the service. */
export interface CadreFacts {
  cadreId: string;
  name: string;
  unitId: string;
  position: string;
  level: CadreLevel;
  staffSub?: string;
  relativeSubs: string[];
}

export interface SanctionEffect<Kind extends string = PartySanctionKind | GovernmentalSanctionKind> {
  kind: Kind;
  probationYears?: 1 | 2;
  effectiveFrom: string;
  effectiveUntil?: string;
  rule: string;
}

/** An entry's facts, copied from the public event it comes from (reactors/on-integrity-sources.reactor.ts). */
export interface EntryFacts {
  kind: IntegrityEntryKind;
  /** The public event's type and the item it is about (inquiry, verification, case). */
  sourceType: string;
  sourceRef: string;
  sourceEventId: string;
  clueId?: string;
  clueNumber?: string;
  occurredOn: string;
  outcome?: string;
  measure?: string;
  party?: SanctionEffect<PartySanctionKind>;
  governmental?: SanctionEffect<GovernmentalSanctionKind>;
  /** An opinion reply's citations: kind and number only. */
  citations?: Citation[];
}

// ── commands
export type RegisterCadre = { type: 'RegisterCadre'; data: CadreFacts };
export type CompleteIntegrityFile = { type: 'CompleteIntegrityFile'; data: { cadreId: string } };
export type AppendIntegrityEntry = { type: 'AppendIntegrityEntry'; data: { cadreId: string; entry: EntryFacts } };
/** `linkedTo`: the cadre the clue is linked to already, if any (the handler reads it from the link table). */
export type LinkClue = { type: 'LinkClue'; data: { cadreId: string; clueId: string; linkedTo?: string } };
export type CadreCommand = RegisterCadre | CompleteIntegrityFile | AppendIntegrityEntry | LinkClue;

// ── events
export type CadreRegistered = { type: 'CadreRegistered'; data: CadreFacts & { registeredAt: string } };
export type IntegrityFileOpened = {
  type: 'IntegrityFileOpened';
  data: { cadreId: string; unitId: string; position: string; level: CadreLevel; openedOn: string; dueOn: string };
};
export type IntegrityEntryAppended = {
  type: 'IntegrityEntryAppended';
  data: { cadreId: string; entryId: string; corrects?: string } & EntryFacts;
};
export type IntegrityFileCompleted = {
  type: 'IntegrityFileCompleted';
  data: { cadreId: string; completedOn: string; dueOn: string; onTime: boolean };
};
/** Public from ClueLinkedToCadre v2 (v1, { cadreId, clueId }, was private): ids, the day and the office, no name, no reason. */
export type ClueLinkedToCadre = {
  type: 'ClueLinkedToCadre';
  data: { cadreId: string; clueId: string; linkedOn: string; office: string };
};
export type CadreEvent =
  CadreRegistered | IntegrityFileOpened | IntegrityEntryAppended | IntegrityFileCompleted | ClueLinkedToCadre;

// ── state
/** What the file remembers of each entry: its id, the item it is about, the event it came from. */
interface EntryRef {
  entryId: string;
  key: string;
  sourceEventId: string;
}
export type CadreState =
  | { status: 'Initial' }
  | ({
      status: 'Open' | 'Complete';
      openedOn: string;
      dueOn: string;
      completedOn?: string;
      entries: readonly EntryRef[];
      clues: readonly string[];
    } & CadreFacts);

export const initialState = (): CadreState => ({ status: 'Initial' });

/** The item an entry is about: a later event on the same item corrects the earlier entry. */
export const entryKey = (entry: Pick<EntryFacts, 'sourceType' | 'sourceRef'>) => `${entry.sourceType}:${entry.sourceRef}`;
export const entryId = (cadreId: string, seq: number) => `${cadreId}:${seq}`;
export const isSystem = (sub: string) => sub.startsWith('system:');

const notFound = (): DomainError => refusal('CADRE_NOT_FOUND', 404, '未找到该干部', 'cadre not found');
const onlyCaseManagement = (zh: string, en: string): DomainError => refusal('FORBIDDEN_OFFICE', 403, zh, en);

export function decide(
  command: CadreCommand,
  state: CadreState,
  { now, actor, config }: DecisionContext<IntegrityFileConfig>,
): CadreEvent[] | DomainError {
  const today = localDate(now);
  switch (command.type) {
    case 'RegisterCadre': {
      if (actor.office !== CASE_MANAGEMENT)
        return onlyCaseManagement('区管干部只能由案管室登记', 'only case management registers cadres');
      if (state.status !== 'Initial') return refusal('CADRE_EXISTS', 409, '该干部已登记', 'this cadre is registered already');
      const d = command.data;
      if (d.staffSub !== undefined && d.relativeSubs.includes(d.staffSub))
        return refusal(
          'CADRE_RELATIVE_IS_SELF',
          400,
          '干部本人的账号不能同时登记为近亲属账号',
          "the cadre's own account cannot be declared as a relative's",
        );
      const calendar = config?.calendar ?? defaultCalendar();
      const dueOn = calendar.addMonths(today, config?.months ?? DEFAULT_INTEGRITY_FILE_MONTHS).date;
      const facts: CadreFacts = {
        cadreId: d.cadreId,
        name: d.name,
        unitId: d.unitId,
        position: d.position,
        level: d.level,
        ...(d.staffSub === undefined ? {} : { staffSub: d.staffSub }),
        relativeSubs: [...d.relativeSubs],
      };
      return [
        { type: 'CadreRegistered', data: { ...facts, registeredAt: now.toISOString() } },
        {
          type: 'IntegrityFileOpened',
          data: { cadreId: d.cadreId, unitId: d.unitId, position: d.position, level: d.level, openedOn: today, dueOn },
        },
      ];
    }
    case 'CompleteIntegrityFile': {
      if (actor.office !== CASE_MANAGEMENT)
        return onlyCaseManagement('廉政档案只能由案管室确认建立完成', 'only case management marks a file complete');
      if (state.status === 'Initial') return notFound();
      if (state.status === 'Complete')
        return refusal('INTEGRITY_FILE_COMPLETE', 409, '该廉政档案已建立完成', 'this integrity file is complete already');
      return [
        {
          type: 'IntegrityFileCompleted',
          data: { cadreId: state.cadreId, completedOn: today, dueOn: state.dueOn, onTime: today <= state.dueOn },
        },
      ];
    }
    case 'AppendIntegrityEntry': {
      if (!isSystem(actor.sub))
        return refusal(
          'ENTRY_FROM_EVENTS_ONLY',
          403,
          '廉政档案的记载只能依据办理结果自动生成，不能手工录入',
          'integrity file entries are appended from events only, never typed',
        );
      if (state.status === 'Initial') return notFound();
      const entry = command.data.entry;
      // The same event appends once, however often it is delivered.
      if (state.entries.some((e) => e.sourceEventId === entry.sourceEventId)) return [];
      const key = entryKey(entry);
      const corrected = [...state.entries].reverse().find((e) => e.key === key);
      return [
        {
          type: 'IntegrityEntryAppended',
          data: {
            cadreId: state.cadreId,
            entryId: entryId(state.cadreId, state.entries.length + 1),
            ...(corrected === undefined ? {} : { corrects: corrected.entryId }),
            ...copyEntry(entry),
          },
        },
      ];
    }
    case 'LinkClue': {
      if (actor.office !== CASE_MANAGEMENT)
        return onlyCaseManagement('问题线索只能由案管室关联到干部', 'only case management links a clue to a cadre');
      if (state.status === 'Initial') return notFound();
      const { clueId, linkedTo } = command.data;
      if (linkedTo !== undefined || state.clues.includes(clueId))
        return refusal(
          'CLUE_ALREADY_LINKED',
          409,
          '该问题线索已关联到干部，不能再次关联',
          'this clue is linked to a cadre already, and is linked once',
        );
      return [{ type: 'ClueLinkedToCadre', data: { cadreId: state.cadreId, clueId, linkedOn: today, office: actor.office } }];
    }
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

/** The entry's facts, field by field: nothing else the value carries gets into the event. */
export function copyEntry(e: EntryFacts): EntryFacts {
  const effect = <K extends string>(s: SanctionEffect<K>): SanctionEffect<K> => ({
    kind: s.kind,
    ...(s.probationYears === undefined ? {} : { probationYears: s.probationYears }),
    effectiveFrom: s.effectiveFrom,
    ...(s.effectiveUntil === undefined ? {} : { effectiveUntil: s.effectiveUntil }),
    rule: s.rule,
  });
  return {
    kind: e.kind,
    sourceType: e.sourceType,
    sourceRef: e.sourceRef,
    sourceEventId: e.sourceEventId,
    ...(e.clueId === undefined ? {} : { clueId: e.clueId }),
    ...(e.clueNumber === undefined ? {} : { clueNumber: e.clueNumber }),
    occurredOn: e.occurredOn,
    ...(e.outcome === undefined ? {} : { outcome: e.outcome }),
    ...(e.measure === undefined ? {} : { measure: e.measure }),
    ...(e.party === undefined ? {} : { party: effect(e.party) }),
    ...(e.governmental === undefined ? {} : { governmental: effect(e.governmental) }),
    ...(e.citations === undefined ? {} : { citations: e.citations.map((c) => ({ kind: c.kind, number: c.number })) }),
  };
}

export function evolve(state: CadreState, event: CadreEvent): CadreState {
  switch (event.type) {
    case 'CadreRegistered': {
      if (state.status !== 'Initial') return state;
      const { registeredAt: _at, ...facts } = event.data;
      return { status: 'Open', ...facts, openedOn: '', dueOn: '', entries: [], clues: [] };
    }
    case 'IntegrityFileOpened':
      return state.status === 'Open' ? { ...state, openedOn: event.data.openedOn, dueOn: event.data.dueOn } : state;
    case 'IntegrityEntryAppended': {
      if (state.status === 'Initial') return state;
      const { entryId: id, sourceEventId } = event.data;
      return { ...state, entries: [...state.entries, { entryId: id, key: entryKey(event.data), sourceEventId }] };
    }
    case 'IntegrityFileCompleted':
      return state.status === 'Open' ? { ...state, status: 'Complete', completedOn: event.data.completedOn } : state;
    case 'ClueLinkedToCadre':
      return state.status === 'Initial' ? state : { ...state, clues: [...state.clues, event.data.clueId] };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export const cadreDecider = deciderOf({ decide, evolve, initialState });

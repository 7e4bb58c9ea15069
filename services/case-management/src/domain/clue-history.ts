// A clue's history (who did what, when) read off its recorded events: the actor and the time
// come from event metadata, so event data never repeats them.
import type { ClueOutcome, OutcomeSource } from './clue-outcomes.js';
import type { ClueEvent, DispositionKind } from './problem-clue.js';

export interface RecordedClueEvent {
  event: ClueEvent;
  metadata: { occurredAt: string; actor: { sub: string; name: string; office: string } };
}

export interface ClueHistoryEntry {
  at: string;
  by: { sub: string; name: string; office: string };
  what: ClueEvent['type'];
  kind?: DispositionKind;
  /** The proposal's reason or leadership's note. */
  remark?: string;
  assignedOffice?: string;
  /** The inquiry or verification that ended, and how. */
  outcome?: { source: OutcomeSource; ref: string; outcome: ClueOutcome };
}

/** The registration's private half (the accused's name) is part of registering, not an act of its own. */
const PART_OF_REGISTERING = new Set<ClueEvent['type']>(['ClueSubjectRecorded']);

export function clueHistory(recorded: readonly RecordedClueEvent[]): ClueHistoryEntry[] {
  return recorded
    .filter(({ event }) => !PART_OF_REGISTERING.has(event.type))
    .map(({ event, metadata }) => {
      const { sub, name, office } = metadata.actor;
      const entry: ClueHistoryEntry = { at: metadata.occurredAt, by: { sub, name, office }, what: event.type };
      switch (event.type) {
        case 'ClueAssigned':
          return { ...entry, assignedOffice: event.data.assignedOffice };
        case 'DispositionProposed':
          return { ...entry, kind: event.data.kind, remark: event.data.reason };
        case 'DispositionRejected':
          return { ...entry, kind: event.data.kind, remark: event.data.note };
        case 'DispositionApproved':
          return event.data.note === undefined
            ? { ...entry, kind: event.data.kind }
            : { ...entry, kind: event.data.kind, remark: event.data.note };
        case 'ClueOutcomeRecorded': {
          const { source, ref, outcome } = event.data;
          return { ...entry, outcome: { source, ref, outcome } };
        }
        case 'ClueRegistered':
        case 'ClueSubjectRecorded':
        case 'ClueReactivated':
        case 'ClueShelved':
        case 'ClueClosed':
          return entry;
        default: {
          const unknown: never = event;
          return unknown;
        }
      }
    });
}
